-- Derived columns of "LedgerItem", kept by triggers so that they are right whoever writes the
-- rows (the API, the demo seed, an import, a hand-run fix) and never stale (ADR 006):
--   "searchText"             number, title and the kind's texts, for the trigram index (queries of 3+ characters)
--   "searchGrams"            its distinct characters and character pairs, for queries of 1–2 characters
--   "unitIds"                the lead unit and the cooperating units, for unit scope and the unit filter
--   "latestProgressPercent"  the percent of the latest progress entry that has one (序时进度)
--   "lastProgressOn"         the date of the latest progress entry
-- Prisma cannot express functions and triggers; db:drift ignores them.

-- Lower-cased single characters and character pairs without whitespace: a query of one or two
-- characters is a substring of the text exactly when it is one of these.
CREATE FUNCTION ledger_search_grams(source text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT coalesce(array_agg(DISTINCT gram ORDER BY gram), ARRAY[]::text[])
  FROM (SELECT lower(source) AS folded) AS s
  CROSS JOIN generate_series(1, char_length(s.folded)) AS n
  CROSS JOIN LATERAL (VALUES (substr(s.folded, n, 1)), (substr(s.folded, n, 2))) AS g(gram)
  WHERE gram !~ '\s'
$$;

CREATE FUNCTION ledger_search_text(item_id uuid, item_number text, item_title text) RETURNS text
LANGUAGE sql STABLE
AS $$
  SELECT concat_ws(E'\n', item_number, item_title,
                   t."feedbackText", t."target", array_to_string(t."measures", E'\n'),
                   p."complaintSummary", p."investigationFindings", p."handling")
  FROM (SELECT 1) AS one
  LEFT JOIN "TaskDetail" t ON t."itemId" = item_id
  LEFT JOIN "PetitionDetail" p ON p."itemId" = item_id
$$;

CREATE FUNCTION ledger_item_derive() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW."searchText" := ledger_search_text(NEW."id", NEW."number", NEW."title");
  NEW."searchGrams" := ledger_search_grams(NEW."searchText");
  NEW."unitIds" := ARRAY(
    SELECT NEW."leadUnitId"
    UNION
    SELECT c."unitId" FROM "ItemCooperatingUnit" c WHERE c."itemId" = NEW."id"
    ORDER BY 1
  );
  RETURN NEW;
END
$$;

-- Listing the derived columns too means a direct write to them is recomputed, never kept.
CREATE TRIGGER ledger_item_derive
BEFORE INSERT OR UPDATE OF "number", "title", "leadUnitId", "searchText", "searchGrams", "unitIds"
ON "LedgerItem"
FOR EACH ROW EXECUTE FUNCTION ledger_item_derive();

-- A change to a detail row or to the cooperating units re-derives its item: assigning
-- "searchText" fires ledger_item_derive, the one place that computes the derived columns.
CREATE FUNCTION ledger_item_touch_derived() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  UPDATE "LedgerItem" SET "searchText" = ''
  WHERE "id" IN (OLD."itemId", NEW."itemId");
  RETURN NULL;
END
$$;

CREATE TRIGGER ledger_item_touch_derived
AFTER INSERT OR UPDATE OR DELETE ON "TaskDetail"
FOR EACH ROW EXECUTE FUNCTION ledger_item_touch_derived();

CREATE TRIGGER ledger_item_touch_derived
AFTER INSERT OR UPDATE OR DELETE ON "PetitionDetail"
FOR EACH ROW EXECUTE FUNCTION ledger_item_touch_derived();

CREATE TRIGGER ledger_item_touch_derived
AFTER INSERT OR UPDATE OR DELETE ON "ItemCooperatingUnit"
FOR EACH ROW EXECUTE FUNCTION ledger_item_touch_derived();

-- Also callable by the API (recordLatestProgress) to read the values back in its transaction.
CREATE FUNCTION ledger_record_latest_progress(item_id uuid) RETURNS void
LANGUAGE sql
AS $$
  UPDATE "LedgerItem" SET
    "latestProgressPercent" = (
      SELECT e."percent" FROM "ProgressEntry" e
      WHERE e."itemId" = item_id AND e."percent" IS NOT NULL
      ORDER BY e."reportedOn" DESC, e."createdAt" DESC, e."id" DESC
      LIMIT 1
    ),
    "lastProgressOn" = (SELECT max(e."reportedOn") FROM "ProgressEntry" e WHERE e."itemId" = item_id)
  WHERE "id" = item_id
$$;

CREATE FUNCTION ledger_progress_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    PERFORM ledger_record_latest_progress(NEW."itemId");
  END IF;
  IF TG_OP <> 'INSERT' AND OLD."itemId" IS DISTINCT FROM NEW."itemId" THEN
    PERFORM ledger_record_latest_progress(OLD."itemId");
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER ledger_progress_changed
AFTER INSERT OR UPDATE OF "itemId", "reportedOn", "percent" OR DELETE ON "ProgressEntry"
FOR EACH ROW EXECUTE FUNCTION ledger_progress_changed();

-- Rows written before these triggers existed.
UPDATE "LedgerItem" SET "searchText" = '';
SELECT ledger_record_latest_progress("id") FROM "LedgerItem";
