-- The compilation's headline aggregates in plain SQL: the floor for the data work, timed by
-- bench/run.sh with the sqlite3 shell on the same register. :year is bound by the script.
-- Providers per area authorized during the year, followed up during it, and with a deficiency.
WITH active AS (
  SELECT DISTINCT a.provider, a.area, p.ownership FROM authorizations a JOIN providers p ON p.org_number = a.provider
  WHERE a.granted <= :year || '-12-31' AND (a.status <> 'revoked' OR a.ended >= :year || '-01-01')),
done AS (
  SELECT f.id, f.provider, f.area FROM follow_ups f WHERE f.status = 'done' AND substr(f.done, 1, 4) = :year),
deficient AS (
  SELECT DISTINCT d.provider, d.area FROM done d JOIN findings x ON x.follow_up = d.id
  WHERE x.grade IN ('mindre_brist', 'allvarlig_brist', 'delvis_uppfyllt', 'ej_uppfyllt', 'ej_uppnatt'))
SELECT a.area, count(*) AS providers,
       count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM done d WHERE d.provider = a.provider AND d.area = a.area) THEN a.provider END) AS followed_up,
       count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM deficient x WHERE x.provider = a.provider AND x.area = a.area) THEN a.provider END) AS with_deficiencies
FROM active a GROUP BY a.area;
-- The same by ownership.
WITH active AS (
  SELECT DISTINCT a.provider, a.area, p.ownership FROM authorizations a JOIN providers p ON p.org_number = a.provider
  WHERE a.granted <= :year || '-12-31' AND (a.status <> 'revoked' OR a.ended >= :year || '-01-01')),
done AS (SELECT DISTINCT provider, area FROM follow_ups WHERE status = 'done' AND substr(done, 1, 4) = :year)
SELECT a.ownership, count(*), count(d.provider) FROM active a LEFT JOIN done d ON d.provider = a.provider AND d.area = a.area GROUP BY a.ownership;
-- Grades of the year per scale and level.
SELECT x.scale, x.grade, count(*) FROM findings x JOIN follow_ups f ON f.id = x.follow_up
WHERE f.status = 'done' AND substr(f.done, 1, 4) = :year GROUP BY x.scale, x.grade;
-- Deficient follow-ups per year.
SELECT substr(f.done, 1, 4) AS y, count(DISTINCT f.id) FROM follow_ups f JOIN findings x ON x.follow_up = f.id
WHERE f.status = 'done' AND x.grade IN ('mindre_brist', 'allvarlig_brist', 'delvis_uppfyllt', 'ej_uppfyllt') GROUP BY y;
