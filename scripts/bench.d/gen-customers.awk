# gen-customers.awk: a CRM customer master and contact log for the ids of
# gen-orders (C0000000 ...), for the pipeline benchmark of scripts/bench.
#
#   gawk -v n=1000000 -v as_of=2026-11-23 -v customers=FILE \
#       -v contacts=FILE -f gen-customers.awk
#
# customers: the columns of data/sample/customers.csv. 200 owners; level
# A 15%, B 50%, C 35%; 3% of B and C in the public pool (no owner); 60%
# with a birthday; claimed on a day of the three years before as_of; every
# customer won (they all have orders); 12% of A locked.
# contacts: the last contact of 80% of the A customers, 1 to 45 days
# before as_of (so some are past the sample policy's 31-day pool limit);
# no one else has been contacted yet.
#
# gawk, not any awk: its rand() is the same on every machine, so a fixed
# seed gives the same bytes (mawk's is not).

# Days since 1970-01-01 from a date, and back (Hinnant's civil algorithms).
function days_from(date,   y, m, d, era, yoe, doy) {
	y = substr(date, 1, 4) + 0
	m = substr(date, 6, 2) + 0
	d = substr(date, 9, 2) + 0
	if (m <= 2)
		y--
	era = int(y / 400)
	yoe = y - era * 400
	doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
	return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) \
	    + doy - 719468
}

function date_of(z,   era, doe, yoe, doy, mp, d, m) {
	z += 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) \
	    - int(doe / 146096)) / 365)
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	return sprintf("%04d-%02d-%02d", yoe + era * 400 + (m <= 2), m, d)
}

function customer(id,   u, level, owner, birthday, claim, locked) {
	u = rand()
	level = u < 0.15 ? "A" : u < 0.65 ? "B" : "C"
	owner = sprintf("owner%03d", int(rand() * 200) + 1)
	if (level != "A" && rand() < 0.03)
		owner = ""
	birthday = rand() < 0.6 ? date_of(born + int(rand() * 20000)) : ""
	claim = date_of(today - 1 - int(rand() * 1095))
	locked = level == "A" && rand() < 0.12
	printf "C%07d,Customer %d,%s,%s,1%010d,c%d@example.com,%s,%s,1,%d,%s,%s\n",
	    id, id, owner, level, int(rand() * 1e10), id, birthday, claim,
	    locked, claim, city[int(rand() * 6) + 1] > customers
	if (level == "A" && rand() < 0.8)
		printf "C%07d,%s,phone,reached,%s\n", id,
		    date_of(today - 1 - int(rand() * 45)), owner > contacts
}

BEGIN {
	if (n < 1 || as_of !~ /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/ ||
	    customers == "" || contacts == "") {
		print "usage: gawk -v n=N -v as_of=YYYY-MM-DD -v customers=FILE " \
		    "-v contacts=FILE -f gen-customers.awk" > "/dev/stderr"
		exit 2
	}
	srand(1)
	today = days_from(as_of)
	born = days_from("1950-01-01")
	split("北京 上海 广州 深圳 杭州 成都", city, " ")
	print "customer_id,name,owner,level,phone,email,birthday," \
	    "claim_date,won,locked,created_date,city" > customers
	print "customer_id,date,channel,outcome,owner" > contacts
	for (id = 0; id < n; id++)
		customer(id)
	close(customers)
	close(contacts)
}
