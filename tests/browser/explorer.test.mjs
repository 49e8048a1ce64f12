// The data explorer (dorm-serve's page, server/explorer/) driven in Debian's headless Chromium
// through puppeteer-core. Starts dorm-serve on 127.0.0.1 at a free port with a temporary
// database, checks every step through the page and, for writes, through POST /query/raw too,
// and saves a screenshot per step.
//
// usage: node explorer.test.mjs --serve <dorm-serve> --chromium <chromium> --screenshots <folder>
// Every wait is bounded; the whole run gives up after 50 s.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// puppeteer-core comes from `npm ci` here (scripts/install-deps.sh does it): say so when missing.
const puppeteer = await import('puppeteer-core').then((module) => module.default, () => {
  console.error('FAIL: puppeteer-core is not installed in tests/browser: run bash scripts/install-deps.sh ' +
                '(or npm ci in tests/browser)');
  process.exit(1);
});

const { values: options } = parseArgs({
  options: { serve: { type: 'string' }, chromium: { type: 'string' }, screenshots: { type: 'string' } },
});
for (const name of ['serve', 'chromium', 'screenshots']) {
  if (!options[name]) throw new Error(`--${name} is required`);
}

const WAIT = 10_000;  // the longest any one step may take
const ADMIN_SECRET = 'explorer-admin-0123456789abcdef';

const folder = mkdtempSync(join(tmpdir(), 'dorm-explorer-test-'));
mkdirSync(options.screenshots, { recursive: true });
let server = null;
let browser = null;
let failed = false;
const giveUp = setTimeout(() => {
  console.error('FAIL: the browser test did not finish within 50 s');
  cleanUp().finally(() => process.exit(1));
}, 50_000);

async function cleanUp() {
  if (browser) await browser.close().catch(() => {});
  if (server && server.exitCode === null) server.kill('SIGTERM');
  rmSync(folder, { recursive: true, force: true });
}

let step = 0;
function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
  console.log(`ok - ${what}`);
}

/** Starts dorm-serve on a free port and returns its base URL, read from its first stdout line. */
function startServer(database, pool) {
  // The token the page logs in with (docs/server.md, "Security model"): from the environment,
  // never the command line.
  server = spawn(options.serve, [database, '--pool', pool, '--address', '127.0.0.1', '--port', '0'],
                 { stdio: ['ignore', 'pipe', 'pipe'],
                   env: { ...process.env, DORM_SERVE_TOKENS: `explorer admin ${ADMIN_SECRET}` } });
  server.stderr.on('data', () => {});  // the request log
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dorm-serve printed no address within 10 s')), WAIT);
    let output = '';
    server.stdout.on('data', (chunk) => {
      output += chunk;
      const found = /on (http:\/\/127\.0\.0\.1:\d+)\/query\/raw/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`dorm-serve exited with ${code} before serving`)));
  });
}

/** POST /query/raw from the test itself, not the page: what the database really holds. */
async function rawQuery(base, sql, params = [], route = 'query/raw') {
  const response = await fetch(`${base}/${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ADMIN_SECRET}` },
    body: JSON.stringify({ sql, params }),
    signal: AbortSignal.timeout(WAIT),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${sql}: ${response.status} ${json.error}`);
  return json.result;
}

async function screenshot(page, name) {
  step += 1;
  const file = join(options.screenshots, `${String(step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

async function texts(page, selector) {
  return page.$$eval(selector, (elements) => elements.map((element) => element.textContent));
}

async function run() {
  const base = await startServer(join(folder, 'blog.db'), join(folder, 'tenants'));
  const schema = [
    'CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)',
    'CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors(id), ' +
      'title TEXT NOT NULL, score REAL)',
    'CREATE INDEX posts_by_author ON posts(author_id)',
    'CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts(id) ON DELETE CASCADE, ' +
      'author_id INTEGER REFERENCES authors(id), body TEXT)',
    'CREATE TABLE tags (label TEXT)',  // no primary key: rows found by rowid
    'CREATE TABLE post_tags (post_id INTEGER REFERENCES posts(id), tag TEXT, PRIMARY KEY (post_id, tag)) WITHOUT ROWID',
    "INSERT INTO authors (id, name) VALUES (1, 'ada'), (2, 'bob'), (3, 'cy')",
    // 60 posts: more than one page of 50
    'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60) ' +
      "INSERT INTO posts (id, author_id, title, score) SELECT i, 1 + i % 3, printf('post %02d', 61 - i), i * 0.5 FROM n",
    "INSERT INTO comments (post_id, author_id, body) VALUES (1, 2, 'first'), (2, 3, 'second')",
    "INSERT INTO tags (label) VALUES ('c++'), ('sqlite'), ('orm')",
    "INSERT INTO post_tags VALUES (1, 'c++'), (1, 'orm'), (2, 'sqlite')",
    // a name the page must quote as an identifier, and no primary key: rows found by rowid
    'CREATE TABLE "line ""items""" ("the post" INTEGER REFERENCES posts(id), note TEXT)',
    `INSERT INTO "line ""items""" VALUES (1, 'a'), (2, 'b')`,
  ];
  for (const sql of schema) await rawQuery(base, sql);
  // A tenant of the pool folder, with a table of its own.
  await rawQuery(base, 'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)', [], 't/acme/query/raw');
  await rawQuery(base, 'INSERT INTO invoices (total) VALUES (9.5), (12)', [], 't/acme/query/raw');
  const foreignKeys = (await rawQuery(base, "SELECT count(DISTINCT t.name || '.' || f.id) FROM " +
    "pragma_table_list AS t, pragma_foreign_key_list(t.name) AS f WHERE t.schema = 'main'")).rows[0][0];

  browser = await puppeteer.launch({
    executablePath: options.chromium,
    headless: true,
    // CI runs as root in a container, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: WAIT,
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT);
  await page.setViewport({ width: 1280, height: 900 });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Chromium logs every non-2xx answer as an error; the page expects some (a 500 for bad SQL, a
  // 404 for /favicon.ico). Script errors and CSP refusals ("Refused to ...") are what count.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
  });
  page.on('dialog', (dialog) => dialog.accept());  // the delete confirmation

  const opened = await page.goto(`${base}/`, { waitUntil: 'load' });
  check(opened.status() === 200, 'GET / serves the explorer page');
  check(opened.headers()['content-security-policy'].includes("default-src 'self'"),
        "the page is served with Content-Security-Policy default-src 'self'");
  await screenshot(page, 'login');

  // A token the server does not know: its 401 is shown and the login form stays.
  await page.type('#token', 'not-a-token-of-this-server');
  await page.click('#login-button');
  await page.waitForFunction(() => !document.querySelector('#message').hidden);
  const refusal = await page.$eval('#message', (e) => e.textContent);
  check(refusal.startsWith('The server refused the token (401)') &&
        !(await page.$eval('#login', (e) => e.hidden)),
        `a wrong token gets the server's 401, shown on the login form: ${refusal}`);
  await screenshot(page, 'login-refused');

  // Log in.
  await page.type('#token', ADMIN_SECRET);
  await page.click('#login-button');
  await page.waitForFunction(() => document.querySelectorAll('#tables li').length === 6);
  const listed = await page.$$eval('#tables li', (items) => items.map((item) =>
    [item.querySelector('.name').textContent, item.querySelector('.count').textContent]));
  check(JSON.stringify(listed) === JSON.stringify([['authors', '3'], ['comments', '2'], ['line "items"', '2'], ['post_tags', '3'],
                                                   ['posts', '60'], ['tags', '3']]),
        `the tables are listed with their row counts: ${JSON.stringify(listed)}`);

  // Browse posts: the first page, then sorted by title both ways.
  await page.click('#tables li[data-table="posts"]');
  await page.waitForFunction(() => document.querySelector('#data-title').textContent === 'posts' &&
                                   document.querySelectorAll('#data-grid tbody tr').length === 50);
  check((await page.$eval('#page-info', (e) => e.textContent)) === 'rows 1–50 of 60', 'the first page shows rows 1-50 of 60');
  await page.click('#next-page');
  await page.waitForFunction(() => document.querySelectorAll('#data-grid tbody tr').length === 10);
  check((await texts(page, '#data-grid tbody td[data-column="id"]'))[0] === '51', 'the second page starts at id 51');
  await page.click('#data-grid th:nth-child(3)');  // title
  await page.waitForFunction(() => document.querySelector('#data-grid th.sorted-asc')?.textContent === 'title');
  let titles = await texts(page, '#data-grid tbody td[data-column="title"]');
  check(titles[0] === 'post 01' && titles[1] === 'post 02', `sorted by title ascending: ${titles.slice(0, 3)}`);
  await page.click('#data-grid th:nth-child(3)');
  await page.waitForFunction(() => document.querySelector('#data-grid th.sorted-desc')?.textContent === 'title');
  titles = await texts(page, '#data-grid tbody td[data-column="title"]');
  check(titles[0] === 'post 60' && titles[49] === 'post 11', `sorted by title descending: ${titles.slice(0, 3)}`);
  await screenshot(page, 'browse-sorted');

  // Edit a cell: the title of post 60 (id 1, the first row sorted by title descending).
  const cell = await page.$('#data-grid tbody tr:first-child td[data-column="title"]');
  await cell.click({ count: 2 });
  await page.waitForSelector('#data-grid td input');
  await page.$eval('#data-grid td input', (input) => { input.value = ''; });
  await page.type('#data-grid td input', 'edited in the browser');
  await page.keyboard.press('Enter');
  // The grid is read again from the database: the edited row sorts last now, post 59 comes first.
  await page.waitForFunction(() => document.querySelector('#message').textContent === 'Updated 1 row of posts.' &&
    document.querySelector('#data-grid tbody td[data-column="title"]').textContent === 'post 59');
  const stored = await rawQuery(base, 'SELECT title FROM posts WHERE id = 1');
  check(stored.rows[0][0] === 'edited in the browser', 'the edited title is in the database (checked through /query/raw)');
  await screenshot(page, 'edited');

  // Delete a row of the rowid table.
  await page.click('#tables li[data-table="tags"]');
  await page.waitForFunction(() => document.querySelector('#data-title').textContent === 'tags' &&
                                   document.querySelectorAll('#data-grid tbody tr').length === 3);
  await page.click('#data-grid tbody tr:nth-child(2) button.delete');
  await page.waitForFunction(() => document.querySelector('#tables li[data-table="tags"] .count').textContent === '2');
  const tags = await rawQuery(base, 'SELECT label FROM tags ORDER BY rowid');
  check(JSON.stringify(tags.rows) === '[["c++"],["orm"]]', `the deleted row is gone from the database: ${JSON.stringify(tags.rows)}`);

  // The table whose name needs quoting: NULL typed into a cell, stored by rowid.
  await page.click(`#tables li[data-table='line "items"']`);
  await page.waitForFunction(() => document.querySelector('#data-title').textContent === 'line "items"' &&
                                   document.querySelectorAll('#data-grid tbody tr').length === 2);
  await (await page.$('#data-grid tbody tr:nth-child(2) td[data-column="note"]')).click({ count: 2 });
  await page.waitForSelector('#data-grid td input');
  await page.$eval('#data-grid td input', (input) => { input.value = 'NULL'; });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#data-grid tbody tr:nth-child(2) td[data-column="note"]')
    ?.classList.contains('null'));
  const notes = await rawQuery(base, 'SELECT "the post", note FROM "line ""items""" ORDER BY rowid');
  check(JSON.stringify(notes.rows) === '[[1,"a"],[2,null]]',
        `NULL typed into a cell of a table without a key stores NULL: ${JSON.stringify(notes.rows)}`);

  // The schema of posts.
  await page.click('#tables li[data-table="posts"]');
  await page.click('#tabs button[data-tab="schema"]');
  await page.waitForFunction(() => document.querySelector('#schema-title').textContent === 'posts' &&
                                   document.querySelectorAll('#schema-indexes tbody tr').length === 1);
  const columns = await texts(page, '#schema-columns tbody td:first-child');
  check(JSON.stringify(columns) === '["id","author_id","title","score"]', `the schema lists the columns: ${columns}`);
  const references = await texts(page, '#schema-foreign-keys tbody td:nth-child(3)');
  check(references[0] === 'authors(id)', `the schema lists the foreign key: ${references}`);
  check((await texts(page, '#schema-indexes tbody td:first-child'))[0] === 'posts_by_author', 'the schema lists the index');
  await screenshot(page, 'schema');

  // Run SQL: a result grid, then an error where it occurred.
  await page.click('#tabs button[data-tab="sql"]');
  await page.type('#sql-text', 'SELECT a.name, count(*) AS posts FROM posts AS p JOIN authors AS a ON a.id = p.author_id ' +
                               'GROUP BY a.name ORDER BY a.name');
  await page.click('#run-sql');
  await page.waitForFunction(() => document.querySelectorAll('#sql-grid tbody tr').length === 3);
  const grid = await page.$$eval('#sql-grid tbody tr', (rows) => rows.map((row) =>
    [...row.cells].map((cell) => cell.textContent)));
  check(JSON.stringify(grid) === '[["ada","20"],["bob","20"],["cy","20"]]', `the query's rows are in the grid: ${JSON.stringify(grid)}`);
  await screenshot(page, 'sql-result');
  await page.$eval('#sql-text', (text) => { text.value = ''; });
  await page.type('#sql-text', 'SELECT title FROM posts WHERE id = 1 ORDER BY BY title');
  await page.click('#run-sql');
  await page.waitForSelector('#sql-error:not([hidden])');
  const error = await page.$eval('#sql-error', (e) => e.textContent);
  check(error.includes('500') && error.includes('near "title": syntax error'), `the SQL error is shown: ${error}`);
  const selected = await page.$eval('#sql-text', (text) => [text.selectionStart, text.selectionEnd]);
  check(selected[0] === 'SELECT title FROM posts WHERE id = 1 ORDER BY BY '.length && selected[1] === selected[0] + 5,
        `the editor selects where SQLite stopped, the second 'title': ${selected}`);
  await screenshot(page, 'sql-error');

  // The diagram: a box per table, an edge per foreign key.
  await page.click('#tabs button[data-tab="diagram"]');
  await page.waitForFunction(() => document.querySelectorAll('#diagram g.er-table').length === 6);
  const edges = await page.$$eval('#diagram path.fk-edge', (paths) => paths.map((p) => `${p.dataset.from}->${p.dataset.to}`));
  check(edges.length === foreignKeys && foreignKeys === 5, `the diagram has an edge per foreign key (${foreignKeys}): ${edges}`);
  await screenshot(page, 'diagram');

  // Another database: the tenant acme, chosen in the tenant list.
  await page.select('#tenant', 'acme');
  await page.waitForFunction(() => document.querySelectorAll('#tables li').length === 1 &&
                                   document.querySelector('#tables li .count').textContent === '2');
  check((await texts(page, '#tables li .name'))[0] === 'invoices', "choosing the tenant acme lists acme's tables");
  await page.click('#tabs button[data-tab="data"]');
  await page.waitForFunction(() => document.querySelector('#data-title').textContent === 'invoices' &&
                                   document.querySelectorAll('#data-grid tbody tr').length === 2);
  await screenshot(page, 'tenant');

  check(pageErrors.length === 0, `no script error nor Content-Security-Policy violation: ${JSON.stringify(pageErrors)}`);
}

try {
  await run();
} catch (error) {
  failed = true;
  console.error(`FAIL: ${error.stack ?? error}`);
}
clearTimeout(giveUp);
await cleanUp();
process.exit(failed ? 1 : 0);
