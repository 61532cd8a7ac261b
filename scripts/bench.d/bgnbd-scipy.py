"""bgnbd-scipy.py INPUT OUTPUT: the BG/NBD fit the way the Python lifetimes
package does it, for scripts/bench, with numpy and scipy only: read the
customer summary (customer_id,x,t_x,T) with pandas, scale time so that
the largest T is 10, and minimize the mean negative log-likelihood of
Fader, Hardie & Lee (2005, eq. 6), vectorized over all customers with
scipy.special, on log-parameters from 0.1 with
scipy.optimize.minimize(method="Nelder-Mead", tol=1e-7), as
lifetimes.BetaGeoFitter does (its defaults: start, scaling, mean, tol).

Appends one CSV row per run to OUTPUT (header when OUTPUT is empty): the
estimates, the LL in the input's time unit (the scaled fit's LL differs
by x log(scale) per customer), objective calls, convergence and the
seconds spent reading and fitting (elapsed, measured here). No field
holds a comma, so the file needs no quotes."""
import os
import sys
import time

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, gammaln


def negative_log_likelihood(log_params, x, t_x, T):
    """Sum of -LL over customers; log(exp(A3) + [x > 0] exp(A4)) is taken
    with logaddexp so that neither term underflows for large x."""
    r, alpha, a, b = np.exp(log_params)
    A12 = (gammaln(r + x) - gammaln(r) + r * np.log(alpha)
           + betaln(a, b + x) - betaln(a, b))
    A3 = -(r + x) * np.log(alpha + T)
    A4 = (np.log(a) - np.log(b + np.maximum(x, 1) - 1)
          - (r + x) * np.log(alpha + t_x))
    A4 = np.where(x > 0, A4, -np.inf)
    return -(A12 + np.logaddexp(A3, A4)).sum()


def main(source, target):
    started = time.perf_counter()
    cbs = pd.read_csv(source, dtype={"customer_id": str, "x": "float64",
                                     "t_x": "float64", "T": "float64"})
    x, t_x, T = (cbs[c].to_numpy() for c in ("x", "t_x", "T"))
    read_seconds = time.perf_counter() - started

    calls = 0
    scale = 10 / T.max()

    def mean_nll(log_params):
        nonlocal calls
        calls += 1
        return negative_log_likelihood(log_params, x, t_x * scale,
                                       T * scale) / len(x)

    started = time.perf_counter()
    fit = minimize(mean_nll, x0=np.full(4, 0.1), method="Nelder-Mead",
                   tol=1e-7)
    fit_seconds = time.perf_counter() - started

    r, alpha, a, b = np.exp(fit.x)
    alpha /= scale
    loglik = -negative_log_likelihood(np.log([r, alpha, a, b]), x, t_x, T)
    message = fit.message.replace(",", ";")
    fresh = not os.path.exists(target) or os.path.getsize(target) == 0
    with open(target, "a", encoding="utf-8") as out:
        if fresh:
            out.write("tool,r,alpha,a,b,loglik,calls,converged,message,"
                      "read_seconds,fit_seconds\n")
        out.write(f"scipy Nelder-Mead,{r!r},{alpha!r},{a!r},{b!r},"
                  f"{loglik!r},{calls},{bool(fit.success)},{message},"
                  f"{read_seconds:.3f},{fit_seconds:.3f}\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: bgnbd-scipy.py INPUT OUTPUT")
    main(sys.argv[1], sys.argv[2])
