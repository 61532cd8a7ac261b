/*
 * clv.h: discounted customer lifetime value from a BTYD model and an
 * expected value per purchase (e.g. the Gamma-Gamma E(Z | x, zbar)).
 * Pure: no I/O, no global state.
 */
#ifndef CRM_MODEL_CLV_H
#define CRM_MODEL_CLV_H

#include "btyd.h"

/*
 * sum over months m = 1..months of
 * (E[X(t_m) | x, t_x, T] - E[X(t_(m-1)) | x, t_x, T]) * value /
 * (1 + monthly_discount)^m, with t_m = m * month_length in the model's
 * time unit (30.4375 / 7 for a model fitted in weeks).  Returns 0, or
 * CRM_MODEL_EDOMAIN for a bad argument, or the status of the expectation.
 */
int crm_btyd_clv(const struct crm_btyd *m, double x, double t_x, double T,
    double value, double month_length, int months, double monthly_discount,
    double *clv);

#endif
