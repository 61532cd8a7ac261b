/* clv.c: discounted CLV from the conditional expected purchases. */
#include "clv.h"

#include <math.h>

#include "special.h"

/*
 * E[X(t_m) | x, t_x, T] = P(alive) E[X(t_m) | alive] (FHL 2005, eq. 10):
 * P(alive) once, and the months' expectations given alive together, a
 * block of months at a time, so that they share their series.
 */
int
crm_btyd_clv(const struct crm_btyd *m, double x, double t_x, double T,
    double value, double month_length, int months, double monthly_discount,
    double *clv)
{
	double t[CRM_HYP_POINTS], if_alive[CRM_HYP_POINTS];
	double p_alive, e, previous = 0, sum = 0, discount = 1;
	int month, n, i, status;

	if (!isfinite(value) || !(month_length > 0) ||
	    !isfinite(month_length) || months < 0 ||
	    !(monthly_discount > -1) || !isfinite(monthly_discount))
		return CRM_MODEL_EDOMAIN;
	if ((status = crm_btyd_p_alive(m, x, t_x, T, &p_alive)) !=
	    CRM_MODEL_OK)
		return status;
	for (month = 0; month < months && p_alive > 0; month += n) {
		n = months - month < CRM_HYP_POINTS ? months - month :
		    CRM_HYP_POINTS;
		for (i = 0; i < n; i++)
			t[i] = (month + i + 1) * month_length;
		status = crm_btyd_expected_if_alive_many(m, x, T, t, n,
		    if_alive);
		if (status != CRM_MODEL_OK)
			return status;
		for (i = 0; i < n; i++) {
			e = fmax(0, p_alive * if_alive[i]);
			discount /= 1 + monthly_discount;
			sum += (e - previous) * value * discount;
			previous = e;
		}
	}
	if (!isfinite(sum))
		return CRM_MODEL_ENONFINITE;
	*clv = sum;
	return CRM_MODEL_OK;
}
