/*
 * test-offers.c: crm-recommend's output read back as one cell of offers
 * per customer: the first `top` rows, the item that explains each, the
 * popular fillers marked, customers without offers absent.
 */
#define _GNU_SOURCE	/* mkdtemp */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "offers.h"
#include "temp_files.h"

static char dir[1024], path[1100];

int
main(void)
{
	struct common_options common;
	struct offers *o;

	make_temp_dir(dir, sizeof(dir), "test-offers");
	snprintf(path, sizeof(path), "%s/offers.csv", dir);
	write_text_file(path, "customer_id,rank,item,score,because\n"
	    "K2,1,黄油,0.7071067811865475,牛奶\n"
	    "K2,2,咖啡,0.5773502691896258,面包\n"
	    "K2,3,茶,0.1,面包\n"
	    "K3,1,面包,0.75,牛奶\n"
	    "K3,2,咖啡,0.5,(popular)\n"
	    "K6,1,\"a, b\",0.6666666666666666,(popular)\n");
	memset(&common, 0, sizeof(common));
	common.in.delimiter = ',';
	common.in.max_field = CSV_DEFAULT_MAX_FIELD;
	common.out.delimiter = ',';
	common.decimal = '.';
	o = offers_read(&common, path, 2);
	CHECK_STR(offers_of(o, "K2", 2), "黄油 (牛奶); 咖啡 (面包)",
	    "K2: the first two, each with its reason");
	CHECK_STR(offers_of(o, "K3", 2), "面包 (牛奶); 咖啡 (popular)",
	    "K3: a popular filler is marked");
	CHECK_STR(offers_of(o, "K6", 2), "a, b (popular)", "K6: one offer");
	CHECK(offers_of(o, "K9", 2) == NULL, "K9: none");
	offers_free(o);
	unlink(path);
	rmdir(dir);
	return check_done();
}
