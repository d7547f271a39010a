-- What bench/ledger-plans/generate.sql leaves out and the ledger workbook shows: a district
-- leader and a phone number per item, and the latest progress entry (整改进展) of every item that
-- has progress (its date and percent are the ones generate.sql put on the item). Run after
-- generate.sql on the same database. Deterministic (setseed).
\timing on
SELECT setseed(0.1129);
ALTER TABLE "LedgerItem" DISABLE TRIGGER USER;
ALTER TABLE "ProgressEntry" DISABLE TRIGGER USER;

UPDATE "LedgerItem" SET
  "leadLeaderName" = (ARRAY['周明华', '王建国', '李红梅', '陈志强', '张丽华'])[1 + floor(random() * 5)::int],
  "responsiblePersonPhone" = '0571-8' || lpad(floor(random() * 10000000)::int::text, 7, '0')
WHERE "number" LIKE 'B-%';

-- The entry the item's latestProgressPercent and lastProgressOn stand for, by the lead unit's
-- officer; its text a sentence or two of the kind units report.
INSERT INTO "ProgressEntry" ("id", "itemId", "unitId", "authorId", "reportedOn", "content", "percent", "updatedAt")
SELECT gen_random_uuid(), i."id", i."leadUnitId", u."id", i."lastProgressOn",
       (ARRAY['已完成现场排查，建立问题清单，正在组织整改。',
              '已落实整改措施，设施已安装到位，正在试运行并开展监测。',
              '整改工程已完工，已委托第三方监测，各项指标达标，准备申请销号。',
              '已约谈责任单位，下发整改通知书，督促限期完成整改。',
              '已完成主体工程，部分配套设施正在施工，预计按期完成。'])[1 + floor(random() * 5)::int]
       || '本月共开展巡查' || (2 + floor(random() * 10)::int) || '次。',
       i."latestProgressPercent", now()
FROM "LedgerItem" i
CROSS JOIN (SELECT "id" FROM "User" WHERE "username" = 'coordinator') u
WHERE i."number" LIKE 'B-%' AND i."lastProgressOn" IS NOT NULL;

ALTER TABLE "LedgerItem" ENABLE TRIGGER USER;
ALTER TABLE "ProgressEntry" ENABLE TRIGGER USER;
VACUUM (ANALYZE) "LedgerItem";
VACUUM (ANALYZE) "ProgressEntry";
