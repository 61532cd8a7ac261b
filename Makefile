# crm-tools: every cmd/crm-*.c is one program linked against libcrm.a.
# Objects and programs go to $(BUILD); `make check` builds twice, the second
# time with AddressSanitizer and UBSan in build/san.

VERSION != cat VERSION
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
SHAREDIR ?= $(PREFIX)/share/crm-tools
BUILD ?= build

CC ?= cc
CFLAGS ?= -O2 -g
CRM_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	-Ilibcrm -DCRM_VERSION='"$(VERSION)"' -MMD -MP
LDLIBS = -lcsv -lutf8proc -lm -lpthread
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

LIB_SRC != ls libcrm/*.c libcrm/model/*.c libcrm/segment/*.c \
	libcrm/report/*.c 2>/dev/null
CMD_SRC != ls cmd/crm-*.c 2>/dev/null
TEST_SRC != ls tests/libcrm/test-*.c 2>/dev/null
TOOL_SRC != ls scripts/*.c 2>/dev/null
# Data compiled into libcrm: the default ticket categories.
GEN_OBJ = $(BUILD)/gen/categories_default.o
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o) $(GEN_OBJ)
PROGS = $(CMD_SRC:cmd/%.c=$(BUILD)/bin/%)
TESTS = $(TEST_SRC:tests/libcrm/%.c=$(BUILD)/tests/%)
# Generators and simulators used by tests, the demo and the benchmarks.
HELPERS = $(TOOL_SRC:scripts/%.c=$(BUILD)/scripts/%)
LIB = $(BUILD)/libcrm.a

# libFuzzer targets (tests/fuzz, TESTING.md), built by clang in build/fuzz.
# The harness catches die() and exit() through the linker's --wrap.
FUZZ_SRC != ls tests/fuzz/fuzz-*.c 2>/dev/null
FUZZ_PROGS = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
# Linked into every target: the harness, and properties targets share.
FUZZ_SHARED = harness checks
FUZZ_FLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
	-fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_WRAP = malloc calloc realloc free open close iconv_open iconv_close \
	exit die die_usage warnmsg
FUZZ_SECONDS ?= 60

all: $(PROGS) $(HELPERS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CRM_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# share/crm-tools/categories.csv (category,keywords; no quotes or commas
# in it) as a C array, so that crm-feedback has its default set wherever
# it is run from; make install also copies the file for users to edit.
$(BUILD)/gen/categories_default.c: share/crm-tools/categories.csv
	@mkdir -p $(@D)
	awk -F, 'BEGIN { print "/* generated from share/crm-tools/categories.csv by make */"; \
	    print "#include \"categories.h\""; print ""; \
	    print "const struct category_row categories_default[] = {" } \
	    NR > 1 && NF == 2 { printf "\t{ \"%s\", \"%s\" },\n", $$1, $$2 } \
	    NR > 1 && NF != 2 { print "bad line " NR > "/dev/stderr"; exit 1 } \
	    END { print "\t{ 0, 0 }"; print "};" }' $< >$@.tmp && mv $@.tmp $@

$(BUILD)/gen/categories_default.o: $(BUILD)/gen/categories_default.c
	$(CC) $(CRM_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/bin/%: $(BUILD)/cmd/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/libcrm/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/scripts/%: $(BUILD)/scripts/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

tests: $(TESTS) $(HELPERS)

# libcsv is linked statically so that its allocations are wrapped too.
$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(FUZZ_SHARED:%=$(BUILD)/tests/fuzz/%.o) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fsanitize=fuzzer $(FUZZ_WRAP:%=-Wl,--wrap=%) -o $@ \
	    $^ $(LDLIBS:-lcsv=-l:libcsv.a)

fuzz-targets: $(FUZZ_PROGS)

fuzz-build:
	$(MAKE) BUILD=build/fuzz CC=clang CFLAGS='$(FUZZ_FLAGS)' fuzz-targets

# Each target FUZZ_SECONDS on its corpus; new inputs go to build/fuzz/corpus.
fuzz: fuzz-build
	tests/fuzz/run --seconds $(FUZZ_SECONDS) --keep build/fuzz

deps:
	scripts/install-deps

# The suite runs once on the normal build and once under the sanitizers;
# tests/run prints the combined "N passed, N failed" line last.
check: deps
	$(MAKE) all tests
	$(MAKE) BUILD=build/san CFLAGS='$(SAN_FLAGS)' LDFLAGS='$(SAN_FLAGS)' all tests
	if tests/fuzz/run --can-build; then $(MAKE) fuzz-build; fi
	tests/run $(BUILD) build/san

demo: deps
	$(MAKE) all
	BUILD=$(BUILD) scripts/demo

bench: all
	scripts/bench

# Every tool under valgrind on the sample: no memory error, no leak.
memcheck: deps
	$(MAKE) all
	scripts/memcheck $(BUILD)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	cp $(PROGS) scripts/crm-daily $(DESTDIR)$(BINDIR)/
	cp man/*.1 $(DESTDIR)$(MANDIR)/man1/
	cp man/*.7 $(DESTDIR)$(MANDIR)/man7/
	mkdir -p $(DESTDIR)$(SHAREDIR)
	cp share/crm-tools/categories.csv $(DESTDIR)$(SHAREDIR)/

clean:
	rm -rf build

.PHONY: all tests deps check demo bench install clean fuzz fuzz-build memcheck \
	fuzz-targets
.PRECIOUS: $(BUILD)/%.o $(BUILD)/tests/fuzz/%.o

-include $(LIB_OBJ:.o=.d) $(PROGS:$(BUILD)/bin/%=$(BUILD)/cmd/%.d) \
	$(TESTS:$(BUILD)/tests/%=$(BUILD)/tests/libcrm/%.d) \
	$(HELPERS:%=%.d) $(FUZZ_PROGS:$(BUILD)/fuzz/%=$(BUILD)/tests/fuzz/%.d) \
	$(FUZZ_SHARED:%=$(BUILD)/tests/fuzz/%.d)
