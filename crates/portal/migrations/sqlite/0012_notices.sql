-- The three notices of the member guide's first page, each belonging to one person of the
-- roster. Imported by the society's staff (`admin import-notices`); the key of each table is
-- what makes a re-imported row the same row.

-- 医療費のお知らせ: one row per person, month and facility.
CREATE TABLE medical_notices (
    id          INTEGER PRIMARY KEY,
    roster_id   INTEGER NOT NULL REFERENCES roster(id),
    -- 診療年月, YYYYMM.
    month       INTEGER NOT NULL,
    -- 医療機関等の名称; empty when the notice names none (a 柔整 row may not).
    facility    TEXT    NOT NULL,
    category    TEXT    NOT NULL CHECK (category IN ('入院', '外来', '歯科', '調剤', '訪問看護', '柔整', 'あはき')),
    -- 日数 (or 回数).
    days        INTEGER NOT NULL,
    -- 医療費の総額 (10割), 自己負担額, 公費負担額 and 健保負担額, in yen.
    total       INTEGER NOT NULL,
    self_pay    INTEGER NOT NULL,
    public_pay  INTEGER NOT NULL,
    insurer_pay INTEGER NOT NULL,
    imported_at INTEGER NOT NULL,
    UNIQUE (roster_id, month, facility, category)
);

-- 現金給付支給決定通知: a benefit decided and paid, for a 診療年月 or a period.
CREATE TABLE benefit_notices (
    id           INTEGER PRIMARY KEY,
    roster_id    INTEGER NOT NULL REFERENCES roster(id),
    kind         TEXT    NOT NULL,
    -- 診療年月 (YYYYMM), or the period (YYYYMMDD to YYYYMMDD): one or the other.
    month        INTEGER,
    period_from  TEXT,
    period_to    TEXT,
    -- 法定給付 and 付加給付, in yen.
    statutory    INTEGER NOT NULL,
    additional   INTEGER NOT NULL,
    -- 支払日, YYYYMMDD; paid to the employer when via_employer.
    paid_on      TEXT    NOT NULL,
    via_employer INTEGER NOT NULL,
    imported_at  INTEGER NOT NULL,
    -- The person, kind and month or period, as one text: the same benefit imported again.
    import_key   TEXT    NOT NULL UNIQUE,
    CHECK ((month IS NULL) = (period_from IS NOT NULL AND period_to IS NOT NULL))
);
CREATE INDEX benefit_notices_person ON benefit_notices(roster_id, paid_on);

-- 資格情報のお知らせ: the latest one of each person (氏名, 生年月日 and 記号・番号・枝番 are the
-- roster's).
CREATE TABLE qualification_notices (
    roster_id      INTEGER PRIMARY KEY REFERENCES roster(id),
    insurer_number TEXT    NOT NULL,
    insurer_name   TEXT    NOT NULL,
    -- 資格取得年月日 and 交付年月日, YYYYMMDD.
    acquired_on    TEXT    NOT NULL,
    issued_on      TEXT    NOT NULL,
    -- 一部負担金の割合 in tenths: 1, 2 or 3 (割).
    copay_tenths   INTEGER NOT NULL CHECK (copay_tenths IN (1, 2, 3)),
    imported_at    INTEGER NOT NULL
);

-- Members to tell that something new is there: one row a member however many notices came, kept
-- until the mail has gone.
CREATE TABLE notice_mail (
    member_id INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    queued_at INTEGER NOT NULL
);
