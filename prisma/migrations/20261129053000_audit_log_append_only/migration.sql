-- The audit log is append-only (MLPS 2.0: audit records protected from change or deletion).
-- The application only ever inserts; this trigger makes the database refuse UPDATE, DELETE and
-- TRUNCATE from anyone, so a bug or a stolen application credential cannot rewrite history.
-- Prisma's schema language cannot express triggers, hence a hand-written migration.
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '审计日志只允许追加 (AuditLog is append-only): % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditLog_append_only"
  BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();

CREATE TRIGGER "AuditLog_no_truncate"
  BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();
