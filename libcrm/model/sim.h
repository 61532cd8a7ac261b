/*
 * sim.h: draws of customers from the BTYD models, for the simulator script
 * and the parameter-recovery tests, on the generator of rng.h.  Pure: the
 * state lives in the caller's struct crm_rng.
 */
#ifndef CRM_MODEL_SIM_H
#define CRM_MODEL_SIM_H

#include "btyd.h"
#include "rng.h"

/* Called for each repeat purchase at time t after the first purchase. */
typedef void crm_purchase_fn(double t, void *ctx);

/*
 * Draw one customer of model m watched for T after the first purchase:
 * returns x (repeat purchases in (0, T]) and stores the time of the last
 * one in *t_x (0 if none); on_purchase (may be NULL) sees each purchase.
 */
long crm_btyd_draw(struct crm_rng *g, const struct crm_btyd *m, double T,
    double *t_x, crm_purchase_fn *on_purchase, void *ctx);

#endif
