/* clv.c: discounted CLV from the conditional expected purchases. */
#include "clv.h"

#include <math.h>

int
crm_btyd_clv(const struct crm_btyd *m, double x, double t_x, double T,
    double value, double month_length, int months, double monthly_discount,
    double *clv)
{
	double previous = 0, sum = 0, discount = 1;
	int month, status;

	if (!isfinite(value) || !(month_length > 0) ||
	    !isfinite(month_length) || months < 0 ||
	    !(monthly_discount > -1) || !isfinite(monthly_discount))
		return CRM_MODEL_EDOMAIN;
	for (month = 1; month <= months; month++) {
		double e;

		status = crm_btyd_expected_conditional(m, x, t_x, T,
		    month * month_length, &e);
		if (status != CRM_MODEL_OK)
			return status;
		discount /= 1 + monthly_discount;
		sum += (e - previous) * value * discount;
		previous = e;
	}
	if (!isfinite(sum))
		return CRM_MODEL_ENONFINITE;
	*clv = sum;
	return CRM_MODEL_OK;
}
