/* expr.c: conditions over a record: lexer, parser, types, evaluation. */
#include "expr.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "date.h"
#include "num.h"
#include "text.h"
#include "util.h"

/*
 * Parentheses and prefix operators nest at most MAX_DEPTH deep; a tree
 * (chains such as a || b || c ... included) is at most MAX_HEIGHT tall,
 * since evaluating and freeing it recurse once per level.
 */
enum { MAX_DEPTH = 200, MAX_HEIGHT = 1000 };

/* Lexer */

enum token_kind {
	T_END, T_NUMBER, T_STRING, T_DATE, T_NAME, T_QUOTED_NAME, T_TODAY,
	T_IN, T_LPAREN, T_RPAREN, T_COMMA, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_AND, T_OR, T_NOT, T_PLUS, T_MINUS, T_STAR, T_SLASH
};

struct token {
	enum token_kind kind;
	size_t start, len;	/* the bytes of the token in the text */
};

/* Tree */

enum op {
	OP_NUMBER, OP_STRING, OP_DATE, OP_TODAY, OP_COLUMN, OP_NEG, OP_ADD,
	OP_SUB, OP_MUL, OP_DIV, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_IN, OP_AND, OP_OR, OP_NOT
};

/* TYPE_TEXT is a column's text, which takes the type of its context. */
enum type { TYPE_NUMBER, TYPE_STRING, TYPE_DATE, TYPE_BOOL, TYPE_TEXT };

static const char *const type_names[] = {
	"a number", "a string", "a date", "a condition", "a column"
};

struct node {
	enum op op;
	enum type type;		/* of the result */
	enum type want[2];	/* what the operands are read as */
	size_t offset;		/* in the text, for messages */
	struct node *left, *right;
	struct node *next;	/* the next item of an in-list */
	unsigned height;	/* levels below it: 0 for a leaf */
	double number;		/* a number, or a date in days */
	char *text;		/* a string, or a column's name */
	size_t len;
	long column;		/* bound column of OP_COLUMN */
};

struct expr {
	struct node *root;
};

struct parser {
	const char *text;
	size_t pos;		/* where the next token starts */
	struct token tok;	/* the current token */
	struct token prev;	/* the one before it */
	int depth;
	bool failed;
	struct expr_error *err;
};

static void
fail(struct parser *p, size_t offset, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;		/* the first error is the one to report */
	p->failed = true;
	p->err->offset = offset;
	va_start(ap, fmt);
	vsnprintf(p->err->message, sizeof(p->err->message), fmt, ap);
	va_end(ap);
}

static bool
is_name_byte(unsigned char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c >= 0x80 || (!first && c >= '0' && c <= '9');
}

static size_t
count_digits(const char *s)
{
	size_t n = 0;

	while (is_digit(s[n]))
		n++;
	return n;
}

/* YYYY-M[M]-D[D] not followed by more of a number or a name. */
static size_t
date_length(const char *s)
{
	size_t n = 4, month, day;

	if (count_digits(s) != 4 || s[4] != '-')
		return 0;
	month = count_digits(s + 5);
	if (month < 1 || month > 2 || s[5 + month] != '-')
		return 0;
	n = 6 + month;
	day = count_digits(s + n);
	if (day < 1 || day > 2)
		return 0;
	n += day;
	if (is_name_byte((unsigned char)s[n], false) || s[n] == '.')
		return 0;
	return n;
}

static size_t
number_length(const char *s)
{
	size_t n = count_digits(s), exp;

	if (s[n] == '.')
		n += 1 + count_digits(s + n + 1);
	if (s[n] == 'e' || s[n] == 'E') {
		exp = n + 1 + (s[n + 1] == '+' || s[n + 1] == '-');
		if (is_digit(s[exp]))
			n = exp + count_digits(s + exp);
	}
	return n;
}

/* A quoted token: 'string' or "name", the quote doubled inside. */
static size_t
quoted_length(struct parser *p, const char *s, char quote)
{
	size_t n = 1;

	for (;;) {
		if (s[n] == '\0') {
			fail(p, (size_t)(s - p->text), quote == '\'' ?
			    "unterminated string (a closing ' is missing)" :
			    "unterminated column name (a closing \" is "
			    "missing)");
			return n;
		}
		if (s[n] == quote && s[n + 1] != quote)
			return n + 1;
		n += s[n] == quote ? 2 : 1;
	}
}

static bool
word_is(const char *s, size_t len, const char *word)
{
	size_t i;

	if (len != strlen(word))
		return false;
	for (i = 0; i < len; i++)
		if ((s[i] | 0x20) != word[i])
			return false;
	return true;
}

static const struct {
	const char *text;
	enum token_kind kind;
} operators[] = {
	{ "==", T_EQ }, { "!=", T_NE }, { "<=", T_LE }, { ">=", T_GE },
	{ "&&", T_AND }, { "||", T_OR }, { "=", T_EQ }, { "<", T_LT },
	{ ">", T_GT }, { "!", T_NOT }, { "(", T_LPAREN }, { ")", T_RPAREN },
	{ ",", T_COMMA }, { "+", T_PLUS }, { "-", T_MINUS }, { "*", T_STAR },
	{ "/", T_SLASH }
};

static bool
lex_operator(struct parser *p, const char *s, struct token *t)
{
	size_t i, n;

	for (i = 0; i < sizeof(operators) / sizeof(operators[0]); i++) {
		n = strlen(operators[i].text);
		if (strncmp(s, operators[i].text, n) == 0) {
			t->kind = operators[i].kind;
			t->len = n;
			return true;
		}
	}
	if (*s == '&' || *s == '|')
		fail(p, t->start, "'%c' is not an operator; use %c%c", *s, *s,
		    *s);
	else
		fail(p, t->start, "unexpected character '%c'", *s);
	t->kind = T_END;
	return false;
}

static void
lex_word(const char *s, struct token *t)
{
	size_t n = 1;

	while (is_name_byte((unsigned char)s[n], false))
		n++;
	t->len = n;
	t->kind = T_NAME;
	if (word_is(s, n, "in"))
		t->kind = T_IN;
	else if (word_is(s, n, "today"))
		t->kind = T_TODAY;
}

static void
advance(struct parser *p)
{
	const char *s;
	struct token t;

	while (p->text[p->pos] == ' ' || p->text[p->pos] == '\t')
		p->pos++;
	s = p->text + p->pos;
	t.start = p->pos;
	t.len = 0;
	t.kind = T_END;
	if (*s == '\0' || p->failed)
		t.kind = T_END;
	else if ((t.len = date_length(s)) > 0)
		t.kind = T_DATE;
	else if (is_digit(*s) || (*s == '.' && is_digit(s[1]))) {
		t.kind = T_NUMBER;
		t.len = number_length(s);
	} else if (*s == '\'' || *s == '"') {
		t.kind = *s == '\'' ? T_STRING : T_QUOTED_NAME;
		t.len = quoted_length(p, s, *s);
	} else if (is_name_byte((unsigned char)*s, true))
		lex_word(s, &t);
	else
		lex_operator(p, s, &t);
	p->pos += t.len;
	p->prev = p->tok;
	p->tok = t;
}

/* Tree building */

static struct node *
new_node(enum op op, enum type type, size_t offset)
{
	struct node *n = xcalloc(1, sizeof(*n));

	n->op = op;
	n->type = type;
	n->offset = offset;
	n->column = COLUMN_NONE;
	return n;
}

/* Make l and r the operands of n, refusing a tree too tall to walk. */
static void
set_operands(struct parser *p, struct node *n, struct node *l,
    struct node *r)
{
	unsigned hl = l ? l->height : 0, hr = r ? r->height : 0;

	n->left = l;
	n->right = r;
	n->height = 1 + (hl > hr ? hl : hr);
	if (n->height > MAX_HEIGHT)
		fail(p, n->offset, "too many operators in a row (more than "
		    "%d); split the rule, or use 'in (...)' for a list of "
		    "values", MAX_HEIGHT);
}

static void
free_node(struct node *n)
{
	struct node *next;

	while (n != NULL) {
		free_node(n->left);
		free_node(n->right);
		free(n->text);
		next = n->next;
		free(n);
		n = next;
	}
}

/* The text between the quotes, each doubled quote made one. */
static char *
unquote(const char *s, size_t len, size_t *out_len)
{
	char *text = xmalloc(len + 1), quote = s[0];
	size_t i, n = 0;

	for (i = 1; i + 1 < len; i++) {
		text[n++] = s[i];
		if (s[i] == quote)
			i++;
	}
	text[n] = '\0';
	*out_len = n;
	return text;
}

static const char *
token_text(const struct parser *p, const struct token *t, char *buf,
    size_t size)
{
	if (t->kind == T_END)
		return "the end";
	snprintf(buf, size, "'%.*s'", (int)(t->len < 40 ? t->len : 40),
	    p->text + t->start);
	return buf;
}

static bool
is_operator(enum token_kind k)
{
	return k >= T_IN && k != T_RPAREN;
}

static struct node *parse_or(struct parser *p);
static struct node *parse_sum(struct parser *p);

static struct node *
missing_value(struct parser *p)
{
	char got[64], after[64];

	if (p->tok.kind == T_END && p->prev.kind == T_END)
		fail(p, p->tok.start, "empty condition");
	else if (is_operator(p->prev.kind) && p->prev.len > 0)
		fail(p, p->tok.start, "expected a value after %s",
		    token_text(p, &p->prev, after, sizeof(after)));
	else
		fail(p, p->tok.start, "expected a value, not %s",
		    token_text(p, &p->tok, got, sizeof(got)));
	return NULL;
}

static struct node *
literal_number(struct parser *p)
{
	struct node *n = new_node(OP_NUMBER, TYPE_NUMBER, p->tok.start);

	if (number_parse(p->text + p->tok.start, p->tok.len, '.',
	    &n->number) != NUM_OK)
		fail(p, p->tok.start, "'%.*s' is not a number",
		    (int)p->tok.len, p->text + p->tok.start);
	return n;
}

static struct node *
literal_date(struct parser *p)
{
	struct node *n = new_node(OP_DATE, TYPE_DATE, p->tok.start);
	int32_t days;

	if (date_parse(p->text + p->tok.start, p->tok.len, NULL, &days) !=
	    DATE_OK)
		fail(p, p->tok.start, "'%.*s' is not a date", (int)p->tok.len,
		    p->text + p->tok.start);
	n->number = days;
	return n;
}

static struct node *
parenthesized(struct parser *p)
{
	size_t open = p->tok.start;
	struct node *n;

	advance(p);
	n = parse_or(p);
	if (!p->failed && p->tok.kind != T_RPAREN)
		fail(p, p->tok.start, "expected ')' to close the '(' at "
		    "column %zu", expr_column(p->text, open));
	advance(p);
	return n;
}

static struct node *
parse_primary(struct parser *p)
{
	const struct token t = p->tok;
	struct node *n;

	switch (t.kind) {
	case T_NUMBER: n = literal_number(p); break;
	case T_DATE: n = literal_date(p); break;
	case T_TODAY: n = new_node(OP_TODAY, TYPE_DATE, t.start); break;
	case T_STRING:
		n = new_node(OP_STRING, TYPE_STRING, t.start);
		n->text = unquote(p->text + t.start, t.len, &n->len);
		break;
	case T_NAME:
	case T_QUOTED_NAME:
		n = new_node(OP_COLUMN, TYPE_TEXT, t.start);
		if (t.kind == T_NAME)
			n->text = xstrndup(p->text + t.start, n->len = t.len);
		else
			n->text = unquote(p->text + t.start, t.len, &n->len);
		break;
	case T_LPAREN:
		return parenthesized(p);
	default:
		return missing_value(p);
	}
	advance(p);
	return n;
}

/* Types */

/* Read a string literal compared with a date as that date. */
static bool
string_as_date(struct parser *p, struct node *n)
{
	int32_t days;

	if (n->op != OP_STRING || date_parse(n->text, n->len, NULL, &days) !=
	    DATE_OK) {
		fail(p, n->offset, "'%s' is not a date (YYYY-MM-DD)", n->text);
		return false;
	}
	n->op = OP_DATE;
	n->type = TYPE_DATE;
	n->number = days;
	return true;
}

/* The type both sides of a comparison are read as. */
static enum type
comparison_type(struct parser *p, struct node *cmp, struct node *l,
    struct node *r)
{
	if (l->type == TYPE_BOOL || r->type == TYPE_BOOL)
		fail(p, cmp->offset, "cannot compare conditions; use && or ||");
	else if (l->type == TYPE_TEXT)
		return r->type;
	else if (r->type == TYPE_TEXT || l->type == r->type)
		return l->type;
	else if (l->type == TYPE_DATE && r->type == TYPE_STRING)
		return string_as_date(p, r) ? TYPE_DATE : TYPE_TEXT;
	else if (l->type == TYPE_STRING && r->type == TYPE_DATE)
		return string_as_date(p, l) ? TYPE_DATE : TYPE_TEXT;
	else
		fail(p, cmp->offset, "cannot compare %s with %s%s",
		    type_names[l->type], type_names[r->type],
		    l->type != TYPE_STRING && r->type != TYPE_STRING ?
		    " (a date minus a date is a number of days: "
		    "today - last_date > 30)" : "");
	return TYPE_TEXT;
}

static struct node *
comparison(struct parser *p, enum op op, size_t offset, struct node *l,
    struct node *r)
{
	struct node *n = new_node(op, TYPE_BOOL, offset);

	set_operands(p, n, l, r);
	if (l != NULL && r != NULL)
		n->want[0] = n->want[1] = comparison_type(p, n, l, r);
	return n;
}

/* Operand types of + and -: numbers, or dates and days. */
static void
additive_types(struct parser *p, struct node *n)
{
	enum type l = n->left->type, r = n->right->type;
	bool sub = n->op == OP_SUB;

	/* A column next to a date is a date when subtracted, else days. */
	if (l == TYPE_TEXT)
		l = r == TYPE_DATE && sub ? TYPE_DATE : TYPE_NUMBER;
	if (r == TYPE_TEXT)
		r = l == TYPE_DATE && sub ? TYPE_DATE : TYPE_NUMBER;
	n->want[0] = l;
	n->want[1] = r;
	if ((l != TYPE_NUMBER && l != TYPE_DATE) ||
	    (r != TYPE_NUMBER && r != TYPE_DATE))
		fail(p, n->offset, "'%c' needs numbers or dates, not %s",
		    sub ? '-' : '+', type_names[l == TYPE_NUMBER ||
		    l == TYPE_DATE ? r : l]);
	else if (l == TYPE_DATE && r == TYPE_DATE && !sub)
		fail(p, n->offset, "cannot add two dates");
	else if (l == TYPE_NUMBER && r == TYPE_DATE && sub)
		fail(p, n->offset, "cannot subtract a date from a number");
	else
		n->type = l == r ? TYPE_NUMBER : TYPE_DATE;
}

static void
multiplicative_types(struct parser *p, struct node *n)
{
	enum type l = n->left->type, r = n->right->type;

	n->want[0] = n->want[1] = TYPE_NUMBER;
	if ((l != TYPE_NUMBER && l != TYPE_TEXT) ||
	    (r != TYPE_NUMBER && r != TYPE_TEXT))
		fail(p, n->offset, "'%c' needs numbers, not %s",
		    n->op == OP_MUL ? '*' : '/', type_names[l == TYPE_NUMBER ||
		    l == TYPE_TEXT ? r : l]);
}

static struct node *
arithmetic(struct parser *p, enum op op, size_t offset, struct node *l,
    struct node *r)
{
	struct node *n = new_node(op, TYPE_NUMBER, offset);

	set_operands(p, n, l, r);
	if (l == NULL || r == NULL)
		return n;
	if (op == OP_ADD || op == OP_SUB)
		additive_types(p, n);
	else
		multiplicative_types(p, n);
	return n;
}

static struct node *
logical(struct parser *p, enum op op, size_t offset, struct node *l,
    struct node *r)
{
	struct node *n = new_node(op, TYPE_BOOL, offset);
	static const char *const names[] = { "&&", "||", "!" };
	const char *name = names[op - OP_AND];

	set_operands(p, n, l, r);
	if ((l != NULL && l->type != TYPE_BOOL) ||
	    (r != NULL && r->type != TYPE_BOOL))
		fail(p, offset, "'%s' needs a condition%s, not a value", name,
		    op == OP_NOT ? "" : " on each side");
	return n;
}

/* Parser, tightest binding first */

static struct node *
parse_unary(struct parser *p)
{
	size_t offset = p->tok.start;
	struct node *n, *operand;

	if (p->tok.kind != T_MINUS)
		return parse_primary(p);
	if (++p->depth > MAX_DEPTH)
		fail(p, offset, "too deeply nested");
	advance(p);
	operand = parse_unary(p);
	p->depth--;
	n = new_node(OP_NEG, TYPE_NUMBER, offset);
	set_operands(p, n, operand, NULL);
	n->want[0] = TYPE_NUMBER;
	if (operand != NULL && operand->type != TYPE_NUMBER &&
	    operand->type != TYPE_TEXT)
		fail(p, offset, "'-' needs a number, not %s",
		    type_names[operand->type]);
	return n;
}

static struct node *
parse_product(struct parser *p)
{
	struct node *n = parse_unary(p);
	enum op op;
	size_t offset;

	while (!p->failed && (p->tok.kind == T_STAR ||
	    p->tok.kind == T_SLASH)) {
		op = p->tok.kind == T_STAR ? OP_MUL : OP_DIV;
		offset = p->tok.start;
		advance(p);
		n = arithmetic(p, op, offset, n, parse_unary(p));
	}
	return n;
}

static struct node *
parse_sum(struct parser *p)
{
	struct node *n = parse_product(p);
	enum op op;
	size_t offset;

	while (!p->failed && (p->tok.kind == T_PLUS ||
	    p->tok.kind == T_MINUS)) {
		op = p->tok.kind == T_PLUS ? OP_ADD : OP_SUB;
		offset = p->tok.start;
		advance(p);
		n = arithmetic(p, op, offset, n, parse_product(p));
	}
	return n;
}

/*
 * subject in (a, b, ...): each item is an OP_EQ node whose left side is
 * the subject, evaluated once; the items hang off right, linked by next.
 */
static struct node *
parse_in(struct parser *p, struct node *subject)
{
	struct node *n = new_node(OP_IN, TYPE_BOOL, p->tok.start);
	struct node **tail = &n->right, *item;
	size_t offset;

	n->left = subject;
	advance(p);
	if (p->tok.kind != T_LPAREN)
		fail(p, p->tok.start, "expected '(' after 'in'");
	do {
		advance(p);
		offset = p->tok.start;
		item = comparison(p, OP_EQ, offset, subject, parse_sum(p));
		item->left = NULL;	/* the subject belongs to n */
		*tail = item;
		tail = &item->next;
	} while (!p->failed && p->tok.kind == T_COMMA);
	if (!p->failed && p->tok.kind != T_RPAREN)
		fail(p, p->tok.start, "expected ',' or ')' in the list after "
		    "'in'");
	advance(p);
	return n;
}

static enum op
comparison_op(enum token_kind k)
{
	switch (k) {
	case T_EQ: return OP_EQ;
	case T_NE: return OP_NE;
	case T_LT: return OP_LT;
	case T_LE: return OP_LE;
	case T_GT: return OP_GT;
	case T_GE: return OP_GE;
	default: return OP_NUMBER;	/* not a comparison */
	}
}

static struct node *
parse_compare(struct parser *p)
{
	struct node *left = parse_sum(p);
	enum op op;
	size_t offset;

	if (p->failed)
		return left;
	if (p->tok.kind == T_IN)
		return parse_in(p, left);
	if ((op = comparison_op(p->tok.kind)) == OP_NUMBER)
		return left;
	offset = p->tok.start;
	advance(p);
	return comparison(p, op, offset, left, parse_sum(p));
}

static struct node *
parse_not(struct parser *p)
{
	size_t offset = p->tok.start;
	struct node *operand;

	if (p->tok.kind != T_NOT)
		return parse_compare(p);
	if (++p->depth > MAX_DEPTH)
		fail(p, offset, "too deeply nested");
	advance(p);
	operand = parse_not(p);
	p->depth--;
	return logical(p, OP_NOT, offset, operand, NULL);
}

static struct node *
parse_and(struct parser *p)
{
	struct node *n = parse_not(p);
	size_t offset;

	while (!p->failed && p->tok.kind == T_AND) {
		offset = p->tok.start;
		advance(p);
		n = logical(p, OP_AND, offset, n, parse_not(p));
	}
	return n;
}

static struct node *
parse_or(struct parser *p)
{
	struct node *n;

	if (++p->depth > MAX_DEPTH)
		fail(p, p->tok.start, "too deeply nested");
	n = parse_and(p);
	while (!p->failed && p->tok.kind == T_OR) {
		size_t offset = p->tok.start;

		advance(p);
		n = logical(p, OP_OR, offset, n, parse_and(p));
	}
	p->depth--;
	return n;
}

/* What is left after a complete condition, with a hint if we can. */
static void
trailing_token(struct parser *p)
{
	const struct token *t = &p->tok;
	const char *s = p->text + t->start;
	char got[64];

	if (comparison_op(t->kind) != OP_NUMBER)
		fail(p, t->start, "comparisons cannot be chained; join them "
		    "with &&");
	else if (t->kind == T_NAME && word_is(s, t->len, "and"))
		fail(p, t->start, "use && for 'and'");
	else if (t->kind == T_NAME && word_is(s, t->len, "or"))
		fail(p, t->start, "use || for 'or'");
	else if (t->kind == T_RPAREN)
		fail(p, t->start, "unexpected ')' without a '('");
	else if (is_operator(t->kind))
		fail(p, t->start, "unexpected %s",
		    token_text(p, t, got, sizeof(got)));
	else
		fail(p, t->start, "expected an operator before %s",
		    token_text(p, t, got, sizeof(got)));
}

struct expr *
expr_parse(const char *text, struct expr_error *err)
{
	struct parser p = { 0 };
	struct expr *e;
	struct node *root;

	p.text = text;
	p.err = err;
	p.tok.kind = p.prev.kind = T_END;
	advance(&p);
	p.prev.kind = T_END;
	root = parse_or(&p);
	if (!p.failed && p.tok.kind != T_END)
		trailing_token(&p);
	if (!p.failed && root->type != TYPE_BOOL)
		fail(&p, root->offset, "expected a condition, such as "
		    "monetary >= 1000, not %s", type_names[root->type]);
	if (p.failed) {
		free_node(root);
		return NULL;
	}
	e = xmalloc(sizeof(*e));
	e->root = root;
	return e;
}

void
expr_free(struct expr *e)
{
	if (e == NULL)
		return;
	free_node(e->root);
	free(e);
}

/* Binding */

static bool
bind_node(struct node *n, const struct record *header,
    struct expr_error *err)
{
	for (; n != NULL; n = n->next) {
		if (n->op == OP_COLUMN) {
			n->column = column_lookup(header, n->text);
			if (n->column == COLUMN_NONE) {
				err->offset = n->offset;
				snprintf(err->message, sizeof(err->message),
				    "column '%s' not found", n->text);
				return false;
			}
			/* Messages name the column as the header does. */
			free(n->text);
			n->text = xstrdup(header->fields[n->column].s);
		}
		if (!bind_node(n->left, header, err) ||
		    !bind_node(n->right, header, err))
			return false;
	}
	return true;
}

bool
expr_bind(struct expr *e, const struct record *header, struct expr_error *err)
{
	return bind_node(e->root, header, err);
}

/* Evaluation */

struct value {
	enum type type;
	unsigned height;	/* levels below it: 0 for a leaf */
	double number;		/* a number, or a date in days */
	const char *text;	/* a string or a column's text */
	size_t len;
	const struct node *column;	/* where text came from */
	bool truth;
};

struct eval {
	const struct record *rec;
	const struct expr_env *env;
	char *why;
	size_t whysize;
};

static bool
eval_failed(struct eval *ev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ev->why, ev->whysize, fmt, ap);
	va_end(ap);
	return false;
}

static bool
text_as_number(struct eval *ev, struct value *v)
{
	switch (number_parse(v->text, v->len, ev->env->decimal, &v->number)) {
	case NUM_OK:
		v->type = TYPE_NUMBER;
		return true;
	case NUM_RANGE:
		return eval_failed(ev, "number out of range (%s, '%.60s')",
		    v->column->text, v->text);
	default:
		return eval_failed(ev, "not a number (%s, '%.60s')",
		    v->column->text, v->text);
	}
}

static bool
text_as_date(struct eval *ev, struct value *v)
{
	int32_t days;

	switch (date_parse(v->text, v->len, ev->env->date_format, &days)) {
	case DATE_OK:
		v->type = TYPE_DATE;
		v->number = days;
		return true;
	case DATE_AMBIGUOUS:
		return eval_failed(ev, "ambiguous date (%s, '%.60s'): day or "
		    "month first? give --date-format, e.g. %%d/%%m/%%Y",
		    v->column->text, v->text);
	default:
		return eval_failed(ev, "not a date (%s, '%.60s')%s",
		    v->column->text, v->text, ev->env->date_format ?
		    " for --date-format" : "");
	}
}

/* A column's text read as the type its context wants. */
static bool
convert(struct eval *ev, struct value *v, enum type want)
{
	if (v->type != TYPE_TEXT || want == TYPE_TEXT)
		return true;
	if (want == TYPE_NUMBER)
		return text_as_number(ev, v);
	if (want == TYPE_DATE)
		return text_as_date(ev, v);
	v->type = TYPE_STRING;
	return true;
}

static bool eval_node(struct eval *ev, const struct node *n,
    struct value *v);

static bool
eval_operand(struct eval *ev, const struct node *n, enum type want,
    struct value *v)
{
	return eval_node(ev, n, v) && convert(ev, v, want);
}

static void
column_value(struct eval *ev, const struct node *n, struct value *v)
{
	const struct record *rec = ev->rec;

	v->type = TYPE_TEXT;
	v->column = n;
	if ((size_t)n->column < rec->nfields) {
		v->text = rec->fields[n->column].s;
		v->len = rec->fields[n->column].len;
	} else {
		v->text = "";
		v->len = 0;
	}
}

static bool
arithmetic_value(struct eval *ev, const struct node *n, struct value *v)
{
	struct value l, r;

	if (!eval_operand(ev, n->left, n->want[0], &l) ||
	    !eval_operand(ev, n->right, n->want[1], &r))
		return false;
	switch (n->op) {
	case OP_ADD: v->number = l.number + r.number; break;
	case OP_SUB: v->number = l.number - r.number; break;
	case OP_MUL: v->number = l.number * r.number; break;
	default:
		if (r.number == 0)
			return eval_failed(ev, "division by zero");
		v->number = l.number / r.number;
	}
	v->type = n->type;
	if (!isfinite(v->number))
		return eval_failed(ev, "number out of range in arithmetic");
	return true;
}

static int
compare_bytes(const struct value *l, const struct value *r)
{
	size_t n = l->len < r->len ? l->len : r->len;
	int c = memcmp(l->text, r->text, n);

	return c != 0 ? c : (l->len > r->len) - (l->len < r->len);
}

/* Two columns: numbers if both are, else dates if both are, else text. */
static void
compare_texts(struct eval *ev, struct value *l, struct value *r)
{
	double x, y;
	int32_t a, b;
	char d = ev->env->decimal;
	const char *format = ev->env->date_format;

	if (number_parse(l->text, l->len, d, &x) == NUM_OK &&
	    number_parse(r->text, r->len, d, &y) == NUM_OK) {
		l->type = r->type = TYPE_NUMBER;
		l->number = x;
		r->number = y;
	} else if (date_parse(l->text, l->len, format, &a) == DATE_OK &&
	    date_parse(r->text, r->len, format, &b) == DATE_OK) {
		l->type = r->type = TYPE_DATE;
		l->number = a;
		r->number = b;
	}
}

/* -1, 0 or 1 as l is below, equal to or above r. */
static int
compare_values(struct eval *ev, struct value *l, struct value *r)
{
	if (l->type == TYPE_TEXT && r->type == TYPE_TEXT)
		compare_texts(ev, l, r);
	if (l->type == TYPE_NUMBER || l->type == TYPE_DATE)
		return (l->number > r->number) - (l->number < r->number);
	return compare_bytes(l, r);
}

static bool
holds(enum op op, int c)
{
	switch (op) {
	case OP_EQ: return c == 0;
	case OP_NE: return c != 0;
	case OP_LT: return c < 0;
	case OP_LE: return c <= 0;
	case OP_GT: return c > 0;
	default: return c >= 0;
	}
}

/* l op r, with l already evaluated (the subject of an in-list). */
static bool
compare_with(struct eval *ev, const struct node *n, struct value l,
    struct value *v)
{
	struct value r;

	if (!convert(ev, &l, n->want[0]) ||
	    !eval_operand(ev, n->right, n->want[1], &r))
		return false;
	v->type = TYPE_BOOL;
	v->truth = holds(n->op, compare_values(ev, &l, &r));
	return true;
}

static bool
comparison_value(struct eval *ev, const struct node *n, struct value *v)
{
	struct value l;

	return eval_node(ev, n->left, &l) && compare_with(ev, n, l, v);
}

static bool
in_value(struct eval *ev, const struct node *n, struct value *v)
{
	struct value subject;
	const struct node *item;

	if (!eval_node(ev, n->left, &subject))
		return false;
	v->type = TYPE_BOOL;
	for (item = n->right; item != NULL; item = item->next) {
		if (!compare_with(ev, item, subject, v))
			return false;
		if (v->truth)
			return true;
	}
	return true;
}

static bool
logical_value(struct eval *ev, const struct node *n, struct value *v)
{
	if (!eval_node(ev, n->left, v))
		return false;
	if (n->op == OP_NOT) {
		v->truth = !v->truth;
		return true;
	}
	if (v->truth == (n->op == OP_OR))
		return true;	/* decided by the left side */
	return eval_node(ev, n->right, v);
}

static bool
eval_node(struct eval *ev, const struct node *n, struct value *v)
{
	switch (n->op) {
	case OP_NUMBER:
	case OP_DATE:
		v->type = n->type;
		v->number = n->number;
		return true;
	case OP_TODAY:
		v->type = TYPE_DATE;
		v->number = ev->env->today;
		return true;
	case OP_STRING:
		v->type = TYPE_STRING;
		v->text = n->text;
		v->len = n->len;
		return true;
	case OP_COLUMN:
		column_value(ev, n, v);
		return true;
	case OP_NEG:
		if (!eval_operand(ev, n->left, TYPE_NUMBER, v))
			return false;
		v->number = -v->number;
		return true;
	case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV:
		return arithmetic_value(ev, n, v);
	case OP_IN:
		return in_value(ev, n, v);
	case OP_AND: case OP_OR: case OP_NOT:
		return logical_value(ev, n, v);
	default:
		return comparison_value(ev, n, v);
	}
}

enum expr_result
expr_eval(const struct expr *e, const struct record *rec,
    const struct expr_env *env, char *why, size_t whysize)
{
	struct eval ev = { rec, env, why, whysize };
	struct value v;

	if (!eval_node(&ev, e->root, &v))
		return EXPR_FAILED;
	return v.truth ? EXPR_TRUE : EXPR_FALSE;
}

/* Positions on screen */

/* The code point at s (valid UTF-8 assumed) and its length in bytes. */
static unsigned long
code_point(const unsigned char *s, size_t *len)
{
	if (s[0] < 0xc0 || s[1] == '\0') {
		*len = 1;
		return s[0];
	}
	if (s[0] < 0xe0 || s[2] == '\0') {
		*len = 2;
		return (unsigned long)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	}
	if (s[0] < 0xf0 || s[3] == '\0') {
		*len = 3;
		return (unsigned long)(s[0] & 0x0f) << 12 |
		    (unsigned long)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	}
	*len = 4;
	return (unsigned long)(s[0] & 0x07) << 18 |
	    (unsigned long)(s[1] & 0x3f) << 12 |
	    (unsigned long)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
}

/* East Asian wide and fullwidth characters take two terminal columns. */
static bool
is_wide(unsigned long c)
{
	return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x20000 && c <= 0x3fffd);
}

size_t
expr_column(const char *text, size_t offset)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, column = 1, len;

	while (i < offset && s[i] != '\0') {
		code_point(s + i, &len);
		i += len;
		column++;
	}
	return column;
}

void
expr_caret(const char *text, size_t offset, char *buf, size_t size)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, n = 0, len;
	unsigned long c;

	if (size < 2)
		return;
	while (i < offset && s[i] != '\0' && n + 3 < size) {
		c = code_point(s + i, &len);
		buf[n++] = c == '\t' ? '\t' : ' ';
		if (is_wide(c))
			buf[n++] = ' ';
		i += len;
	}
	buf[n++] = '^';
	buf[n] = '\0';
}
