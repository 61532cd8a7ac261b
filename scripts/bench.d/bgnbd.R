# bgnbd.R METHOD INPUT OUTPUT: the BG/NBD fit the way R users write it,
# for scripts/bench: read the customer summary (customer_id,x,t_x,T) with
# read.csv, write the log-likelihood of Fader, Hardie & Lee (2005, eq. 6)
# vectorized over all customers with lgamma/lbeta, and minimize its
# negative with optim() on log-parameters from BTYD's start
# (r, alpha, a, b) = (1, 3, 1, 3), with optim's default controls for
# METHOD (L-BFGS-B with numeric gradients, or Nelder-Mead).
#
# Appends one CSV row per run to OUTPUT (header when OUTPUT is empty):
# the estimates, LL, objective calls, optim's convergence code, and the
# seconds spent reading and fitting (elapsed, measured here). No field
# holds a comma, so the file needs no quotes (scripts/bench reads it
# with awk).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 3)
	stop("usage: Rscript bgnbd.R METHOD INPUT OUTPUT")
method <- args[1]
input <- args[2]
output <- args[3]

started <- proc.time()[["elapsed"]]
cbs <- read.csv(input, colClasses = c("character", "numeric", "numeric",
    "numeric"))
x <- cbs$x
t_x <- cbs$t_x
T <- cbs$T
read_seconds <- proc.time()[["elapsed"]] - started

calls <- 0L
# Negative log-likelihood of all customers at log-parameters theta.
# The last term is log(exp(A3) + [x > 0] exp(A4)) taken around the larger
# of the two, so that neither underflows for large x; b + x - 1 uses
# x >= 1 so that x = 0 (where the term is dropped) gives no NaN warning.
bgnbd_nll <- function(theta) {
	calls <<- calls + 1L
	p <- exp(theta)
	r <- p[1]; alpha <- p[2]; a <- p[3]; b <- p[4]
	A12 <- lgamma(r + x) - lgamma(r) + r * log(alpha) +
	    lbeta(a, b + x) - lbeta(a, b)
	A3 <- -(r + x) * log(alpha + T)
	A4 <- log(a) - log(b + pmax(x, 1) - 1) - (r + x) * log(alpha + t_x)
	top <- pmax(A3, A4)
	ll <- A12 + top + log(exp(A3 - top) + (x > 0) * exp(A4 - top))
	-sum(ll)
}

fit_started <- proc.time()[["elapsed"]]
fit <- optim(log(c(1, 3, 1, 3)), bgnbd_nll, method = method)
fit_seconds <- proc.time()[["elapsed"]] - fit_started

p <- exp(fit$par)
row <- data.frame(tool = paste("R optim", method), r = p[1], alpha = p[2],
    a = p[3], b = p[4], loglik = -fit$value, calls = calls,
    converged = fit$convergence == 0,
    message = gsub(",", ";", paste("convergence", fit$convergence,
	fit$message)),
    read_seconds = read_seconds, fit_seconds = fit_seconds)
fresh <- !file.exists(output) || file.size(output) == 0
write.table(format(row, digits = 17), output, sep = ",", quote = FALSE,
    row.names = FALSE, col.names = fresh, append = !fresh)
