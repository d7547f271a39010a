-- 1,000,000 ledger items for the query-plan study (docs/ledger-query-plans.md), added to a
-- migrated database that holds the demo seed's units. Deterministic (setseed). Run with
--   psql -v ON_ERROR_STOP=1 -d <scratch database> -f bench/ledger-plans/generate.sql
-- Triggers are off during the load and the derived columns are computed once at the end, in bulk,
-- with the same functions the triggers use.
\timing on
SELECT setseed(0.2018);

CREATE TEMP TABLE phrase (n int PRIMARY KEY, body text);
INSERT INTO phrase (n, body)
SELECT row_number() OVER (), body FROM unnest(ARRAY[
  '反映底商餐饮店油烟直排，油烟扰民严重，夏季无法开窗',
  '夜间施工噪声扰民，影响周边居民休息',
  '企业喷漆废气异味明显，周边居民闻到刺鼻气味',
  '附近河道水体发黑发臭，有污水排入',
  '渣土裸露未覆盖，车辆进出扬尘严重',
  '垃圾堆放点长期未清运，臭味扰民，蚊蝇滋生',
  '小作坊切割打磨，粉尘和噪声扰民',
  '汽修厂废机油随意倾倒，污染土壤和下水道',
  '原化工企业关停后场地可能存在污染，担心影响居民健康',
  '周边有违规建设项目，破坏山体植被',
  '商户高音喇叭招揽生意，噪声扰民',
  '露天烧烤油烟和烟尘扰民',
  '经现场核查，部分店铺未安装油烟净化设施或设施未正常运行',
  '经核查，该工地存在未经许可夜间施工行为，噪声监测超标',
  '喷漆工序废气收集不完善，活性炭未按期更换',
  '存在雨污管网混接，部分生活污水经雨水管排入河道',
  '工地部分裸土未覆盖，出入口冲洗设施未正常使用',
  '垃圾清运频次不足，存在装修垃圾和生活垃圾混堆现象',
  '该作坊属散乱污企业，无环保审批手续',
  '危险废物贮存不规范，存在废机油外溢现象',
  '责令安装油烟净化设施并定期清洗，建立日常巡查机制',
  '责令停止违规夜间施工，依法立案处罚，落实降噪措施',
  '完善废气收集处理设施，委托第三方监测达标，纳入重点监管',
  '实施雨污分流改造，封堵混接点，开展河道清淤和生态修复',
  '落实裸土覆盖、车辆冲洗、围挡喷淋等措施，安装扬尘在线监测',
  '增加清运频次，设置装修垃圾集中堆放点，落实垃圾分类',
  '依法关停取缔该作坊，断水断电，纳入散乱污清单管理',
  '规范危险废物贮存和转移，清理受污染土壤',
  '完成土壤环境调查和风险评估，调查结果向社会公开',
  '拆除违规建筑，实施植被恢复，加强生态保护红线巡查',
  '巩固无燃煤区建设成效，开展燃煤设施动态排查',
  '深化挥发性有机物污染治理，推进重点企业提标改造',
  '全面开展散乱污企业排查和清理整顿',
  '深化车船尾气治理，打造清洁交通',
  '落实建筑工地文明施工，推进扬尘防治',
  '推进餐饮油烟治理，实现油烟净化设施全覆盖',
  '全面剿灭劣五类水体，巩固五水共治成果',
  '推进污水零直排区建设，完成生活小区改造',
  '加强河道长效管理，落实河长制巡河责任',
  '推进生活垃圾分类，提高资源化利用率',
  '规范建筑垃圾处置，严厉打击偷倒乱倒',
  '加强工业固废和危险废物监管，实现全过程管理',
  '开展疑似污染地块排查，建立污染地块名录',
  '加强交通噪声和社会生活噪声管理',
  '完善生态环境保护责任体系，落实党政同责一岗双责',
  '建立环境信访件办理督查机制，确保件件有落实'
]) AS body;

-- Place names: two characters from a pool of common ones, then a kind of place.
CREATE TEMP TABLE place (n int PRIMARY KEY, name text);
INSERT INTO place (n, name)
SELECT g,
       substr(pool, 1 + floor(random() * char_length(pool))::int, 1)
       || substr(pool, 1 + floor(random() * char_length(pool))::int, 1)
       || (ARRAY['小区', '路', '花园', '农贸市场', '工业园', '商住楼', '河', '工地', '汽修厂', '酒店'])[1 + floor(random() * 10)::int]
FROM generate_series(1, 3000) AS g,
     (SELECT '东西南北金银华新和安康宁德顺兴隆丰明光大古运湖墅宸桥塘关祥符半山文晖德胜城仓中北星桥勾庄上南田园香积' AS pool) AS p;

CREATE TEMP TABLE unit_pick AS
SELECT array_agg("id" ORDER BY "sortOrder") AS ids, count(*)::int AS n FROM "Unit";

-- Building the GIN indexes once at the end is much faster than maintaining them row by row.
SET maintenance_work_mem = '1GB';
DROP INDEX "LedgerItem_searchText_idx", "LedgerItem_searchGrams_idx", "LedgerItem_unitIds_idx",
  "PetitionDetail_pollutionTypes_idx", "LedgerItem_open_deadline_idx";

ALTER TABLE "LedgerItem" DISABLE TRIGGER USER;
ALTER TABLE "TaskDetail" DISABLE TRIGGER USER;
ALTER TABLE "PetitionDetail" DISABLE TRIGGER USER;
ALTER TABLE "ItemCooperatingUnit" DISABLE TRIGGER USER;

CREATE TEMP TABLE gen AS
SELECT g,
       gen_random_uuid() AS id,
       CASE WHEN random() < 0.25 THEN 'TASK' ELSE 'PETITION' END::"ItemKind" AS kind,
       -- streets (the first ten units) lead most items
       CASE WHEN random() < 0.7 THEN 1 + floor(random() * 10)::int ELSE 11 + floor(random() * 13)::int END AS lead,
       (current_date - 730 + floor(random() * 1095)::int) AS deadline,
       random() AS r_status, random() AS r_coop, random() AS r_text,
       1 + floor(random() * 46)::int AS p1, 1 + floor(random() * 46)::int AS p2,
       1 + floor(random() * 46)::int AS p3, 1 + floor(random() * 3000)::int AS pl,
       random() AS r_percent
FROM generate_series(1, 1000000) AS g;

INSERT INTO "LedgerItem" ("id", "kind", "number", "title", "leadUnitId", "responsiblePersonName",
  "deadline", "originalDeadline", "warningDate", "timeLimitType", "status", "closedOn",
  "version", "createdAt", "updatedAt", "latestProgressPercent", "lastProgressOn")
SELECT gen.id, gen.kind,
       CASE gen.kind WHEN 'TASK' THEN 'B-ZG-' ELSE 'B-XF-' END || lpad(gen.g::text, 7, '0'),
       left(place.name || phrase.body, 40),
       u.ids[gen.lead], '王建华', gen.deadline, gen.deadline, gen.deadline - 7,
       (ARRAY['IMMEDIATE', 'SHORT_TERM', 'MEDIUM_TERM', 'LONG_TERM'])[1 + (gen.g % 4)]::"TimeLimitType",
       s.status::"ItemStatus",
       CASE WHEN s.status = 'CLOSED' THEN gen.deadline - 10 END,
       1,
       (gen.deadline - 180)::timestamptz, (gen.deadline - 180 + floor(gen.r_text * 170)::int)::timestamptz,
       CASE WHEN s.status <> 'REGISTERED' THEN CASE WHEN s.status = 'CLOSED' THEN 100 ELSE floor(gen.r_percent * 100)::int END END,
       CASE WHEN s.status <> 'REGISTERED' THEN least(gen.deadline, current_date) - 10 END
FROM gen
CROSS JOIN unit_pick AS u
JOIN phrase ON phrase.n = gen.p1
JOIN place ON place.n = gen.pl
CROSS JOIN LATERAL (SELECT CASE
  -- past deadlines are mostly closed; the rest are overdue or on their way to closure
  WHEN gen.deadline < current_date - 60 AND gen.r_status < 0.92 THEN 'CLOSED'
  WHEN gen.r_status < 0.10 THEN 'REGISTERED'
  WHEN gen.r_status < 0.60 THEN 'IN_PROGRESS'
  WHEN gen.r_status < 0.66 THEN 'CLOSURE_REQUESTED'
  WHEN gen.r_status < 0.72 THEN 'AWAITING_VERIFICATION'
  WHEN gen.r_status < 0.76 THEN 'PUBLIC_NOTICE'
  WHEN gen.r_status < 0.80 THEN 'AWAITING_SIGN_OFF'
  WHEN gen.r_status < 0.85 THEN 'PHASE_COMPLETE'
  ELSE 'CLOSED' END AS status) AS s;

INSERT INTO "TaskDetail" ("itemId", "inspectionRound", "feedbackText", "category", "target",
  "measures", "closureStandard", "updatedAt")
SELECT gen.id, 'FIRST_ROUND', place.name || a.body || '，' || b.body,
       (ARRAY['AIR', 'WATER', 'SOIL', 'SOLID_WASTE', 'NOISE', 'ECOLOGY', 'INSTITUTIONAL', 'OTHER'])[1 + (gen.g % 8)]::"ProblemCategory",
       c.body, ARRAY[a.body, c.body], '整改到位，台账资料完整', now()
FROM gen
JOIN phrase a ON a.n = gen.p1 JOIN phrase b ON b.n = gen.p2 JOIN phrase c ON c.n = gen.p3
JOIN place ON place.n = gen.pl
WHERE gen.kind = 'TASK';

INSERT INTO "PetitionDetail" ("itemId", "batch", "handedOverOn", "complaintSummary", "areaUnitId",
  "pollutionTypes", "investigationFindings", "handling", "updatedAt")
SELECT gen.id, 1 + gen.g % 40, gen.deadline - 200, '反映' || place.name || a.body,
       u.ids[1 + (gen.g % 10)],
       CASE WHEN gen.r_coop < 0.8
         THEN ARRAY[(ARRAY['WATER', 'AIR', 'NOISE', 'CATERING_FUMES', 'GARBAGE', 'DUST', 'ECOLOGY', 'SOIL', 'HEAVY_METAL', 'OTHER'])[1 + (gen.g % 10)]]
         ELSE ARRAY[(ARRAY['WATER', 'AIR', 'NOISE', 'CATERING_FUMES', 'GARBAGE', 'DUST', 'ECOLOGY', 'SOIL', 'HEAVY_METAL', 'OTHER'])[1 + (gen.g % 10)], 'OTHER'] END::"PollutionType"[],
       b.body, c.body, now()
FROM gen
CROSS JOIN unit_pick AS u
JOIN phrase a ON a.n = gen.p1 JOIN phrase b ON b.n = gen.p2 JOIN phrase c ON c.n = gen.p3
JOIN place ON place.n = gen.pl
WHERE gen.kind = 'PETITION';

-- 0 to 3 cooperating units, never the lead unit; mostly departments.
INSERT INTO "ItemCooperatingUnit" ("itemId", "unitId")
SELECT DISTINCT gen.id, u.ids[c.unit]
FROM gen
CROSS JOIN unit_pick AS u
CROSS JOIN LATERAL generate_series(1, floor(gen.r_coop * 4)::int) AS k
CROSS JOIN LATERAL (SELECT 11 + ((gen.g * 7 + k * 5) % 13) AS unit) AS c
WHERE c.unit <> gen.lead;

-- The derived columns, in bulk, with the triggers' own functions.
UPDATE "LedgerItem" i SET
  "searchText" = d.search_text,
  "searchGrams" = ledger_search_grams(d.search_text),
  "unitIds" = d.unit_ids
FROM (
  SELECT i2."id",
         ledger_search_text(i2."id", i2."number", i2."title") AS search_text,
         ARRAY(SELECT i2."leadUnitId" UNION SELECT c."unitId" FROM "ItemCooperatingUnit" c WHERE c."itemId" = i2."id" ORDER BY 1) AS unit_ids
  FROM "LedgerItem" i2 WHERE i2."number" LIKE 'B-%'
) AS d
WHERE i."id" = d."id";

ALTER TABLE "LedgerItem" ENABLE TRIGGER USER;
ALTER TABLE "TaskDetail" ENABLE TRIGGER USER;
ALTER TABLE "PetitionDetail" ENABLE TRIGGER USER;
ALTER TABLE "ItemCooperatingUnit" ENABLE TRIGGER USER;

CREATE INDEX "LedgerItem_searchText_idx" ON "LedgerItem" USING GIN ("searchText" gin_trgm_ops);
CREATE INDEX "LedgerItem_searchGrams_idx" ON "LedgerItem" USING GIN ("searchGrams");
CREATE INDEX "LedgerItem_unitIds_idx" ON "LedgerItem" USING GIN ("unitIds");
CREATE INDEX "PetitionDetail_pollutionTypes_idx" ON "PetitionDetail" USING GIN ("pollutionTypes");
CREATE INDEX "LedgerItem_open_deadline_idx" ON "LedgerItem" ("deadline") WHERE "status" <> 'CLOSED';

VACUUM (ANALYZE) "LedgerItem";
VACUUM (ANALYZE) "TaskDetail";
VACUUM (ANALYZE) "PetitionDetail";
VACUUM (ANALYZE) "ItemCooperatingUnit";
