-- rfm.sql: the crm-rfm aggregation in SQL, for sqlite in scripts/bench
-- (table orders already loaded). A purchase is a row with amount >= 0; a
-- return (amount < 0) only reduces the sum, as crm-rfm --frequency rows
-- does.
SELECT customer_id,
       max(CASE WHEN amount >= 0 THEN order_date END) AS last_date,
       sum(amount >= 0) AS frequency,
       printf('%.2f', sum(amount)) AS monetary
FROM orders
GROUP BY customer_id;
