# Sourced by test.sh: starts PostgreSQL 15 if it is not running, makes the role
# and database the central store's tests use, and tells the tests where it is.
if ! pg_ctlcluster 15 main status >/dev/null 2>&1; then
  pg_ctlcluster 15 main start || { echo "PostgreSQL 15 did not start: the central store's tests need it (apt-get install postgresql-15)." >&2; exit 1; }
fi
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'homeward'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE homeward LOGIN PASSWORD 'homeward-test'\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'homeward_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O homeward homeward_test"
export HOMEWARD_TEST_POSTGRES="postgres://homeward:homeward-test@127.0.0.1:5432/homeward_test?sslmode=disable"
