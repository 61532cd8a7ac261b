# table-row.awk: one Markdown row of the bench table from -v n (tool),
# rows, w (wall s), c (CPU s), m (peak RSS KiB), r (crm-rfm's wall s) and
# a (agrees). Small times get a third decimal so cat and wc do not read 0.
function seconds(x) { return sprintf(x < 0.1 ? "%.3f" : "%.2f", x) }
BEGIN {
	ratio = r > 0 ? w / r : 0
	printf "| %s | %s | %s | %s | %.0f | %s | %s |\n", n, rows, \
	    seconds(w), seconds(c), m / 1024, seconds(ratio), a
}
