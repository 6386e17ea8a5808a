-- The address the society's roster has for an insured person (issue [6] item 2): kept apart from
-- the address a member confirms at registration [2-7], so the roster's is told when registration
-- completes or the address changes. Accounts not yet registered still hold the roster's address.
ALTER TABLE roster ADD COLUMN email TEXT;
UPDATE roster SET email = (
    SELECT m.email FROM members m WHERE m.roster_id = roster.id AND m.registration <> 'complete'
);
