-- Exports that stream (issue 14): the voucher table is exported in issue order, read in
-- batches from this index instead of sorting every voucher before the first row is written.
CREATE INDEX vouchers_issued ON vouchers (issued_at, code);
