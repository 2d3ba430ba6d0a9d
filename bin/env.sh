# Shared settings of the bin/ scripts: sourced, not run.
# PGHOST, PGPORT and PGUSER select the PostgreSQL server (default 127.0.0.1:5432, current user).
export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-$(id -un)}
ADDON_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

require_odoo() {
    python3 -c "import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)" 2>/dev/null \
        || { echo "error: Odoo 18.0 is not importable by python3 (install it first, see README.rst)" >&2; exit 2; }
    python3 -c "import phonenumbers, requests" 2>/dev/null \
        || { echo "error: python packages missing: pip install -r requirements.txt" >&2; exit 2; }
    pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null \
        || python3 -c "import psycopg2; psycopg2.connect(host='$PGHOST', port=$PGPORT, user='$PGUSER', dbname='postgres').close()" 2>/dev/null \
        || { echo "error: PostgreSQL does not answer on $PGHOST:$PGPORT" >&2; exit 2; }
}

# The addons path needs a folder named storefront_connector: link the checkout into one.
make_addons_path() {
    LINK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/storefront_addons.XXXXXX")
    ln -s "$ADDON_DIR" "$LINK_DIR/storefront_connector"
    ODOO_ADDONS=$(python3 -c "import odoo.addons, os; print(','.join(p for p in odoo.addons.__path__ if os.path.isdir(p)))")
    ADDONS_PATH="$ODOO_ADDONS,$LINK_DIR"
}

odoo_bin() {
    python3 -m odoo --addons-path="$ADDONS_PATH" --db_host="$PGHOST" --db_port="$PGPORT" \
        --db_user="$PGUSER" "$@"
}
