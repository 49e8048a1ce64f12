// dorm explorer: browses the database(s) dorm-serve serves, through its documented routes only
// (POST query/raw, GET tenants; docs/server.md). No framework and no inline code: the page's
// Content-Security-Policy is default-src 'self'. Every value from the database reaches the page
// as text (textContent), never as markup.
'use strict';

const TOKEN_KEY = 'dorm-explorer-token';
const ROWID = '__dorm_rowid';  // the alias of a rowid table's hidden key column

const state = {
  tenants: null,     // null: one database; else the pool's tenant names
  tenant: null,      // the chosen tenant, in pool mode
  single: true,      // the server serves a database outside the tenants too
  tables: [],        // [{name, rows, withoutRowid}]
  table: null,       // the chosen table's name
  columns: [],       // the chosen table's pragma_table_info rows
  sort: null,        // {column, descending}
  page: 0,
  // Each view's latest request: a slower answer to an older request is dropped, not shown.
  tickets: { tables: 0, columns: 0, page: 0, schema: 0 },
};

/** A new ticket for `view`; `current(view, ticket)` says whether it is still the latest. */
function ticket(view) {
  state.tickets[view] += 1;
  return state.tickets[view];
}
function current(view, issued) {
  return state.tickets[view] === issued;
}

const $ = (id) => document.getElementById(id);

// --- talking to the server -------------------------------------------------------------------

/** A refusal or failure the server reported, with its HTTP status. */
class ServerError extends Error {
  constructor(status, message, statement) {
    super(message);
    this.status = status;
    this.statement = statement;
  }
}

function authorization() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json', ...authorization() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
                                   credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    throw new ServerError(0, `the server cannot be reached (${error.message})`);
  }
  let json = null;
  try {
    json = await response.json();
  } catch {
    throw new ServerError(response.status, `the server answered ${response.status} without a JSON body`);
  }
  if (!response.ok || json.error) {
    throw new ServerError(response.status, json.error || `HTTP ${response.status}`, json.statement);
  }
  return json.result;
}

/** The base of the query routes: the single database's, or the chosen tenant's. */
function queryBase() {
  return state.tenant === null ? '' : `t/${encodeURIComponent(state.tenant)}/`;
}

/** Runs one statement through POST query/raw: {columns, rows, meta}. */
function query(sql, params = []) {
  return request('POST', `${queryBase()}query/raw`, { sql, params });
}

/** `name` as an SQL identifier: double quotes, inner ones doubled. */
function quoted(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}

// --- messages --------------------------------------------------------------------------------

function showMessage(text, isError = true) {
  const message = $('message');
  message.textContent = text;
  message.className = isError ? 'error' : '';
  message.hidden = false;
}

function clearMessage() {
  $('message').hidden = true;
  $('message').textContent = '';
}

/** Shows a failed request: a 401 sends the user back to the login form. */
function report(error, what) {
  if (error.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLoggedOut();
    showMessage(`The server refused the token (401): ${error.message}`);
    return;
  }
  const status = error.status ? ` (${error.status})` : '';
  showMessage(`${what} failed${status}: ${error.message}`);
}

// --- logging in ------------------------------------------------------------------------------

function showLoggedOut() {
  $('login').hidden = false;
  $('session').hidden = true;
  $('workspace').hidden = true;
  $('token').value = '';
}

function showLoggedIn() {
  $('login').hidden = true;
  $('session').hidden = false;
  $('workspace').hidden = false;
}

/** Learns what the server serves with the stored token: tenants (pool) and/or one database. */
async function connect() {
  clearMessage();
  try {
    const listing = await request('GET', 'tenants');
    state.tenants = listing.tenants;
    state.single = listing.database;
  } catch (error) {
    if (error.status !== 404) return report(error, 'Logging in');
    state.tenants = null;  // an older server: one database
    state.single = true;
  }
  const select = $('tenant');
  select.replaceChildren();
  if (state.tenants !== null) {
    if (state.single) select.append(new Option('(the database)', ''));
    for (const name of state.tenants) select.append(new Option(name, name));
    state.tenant = state.single ? null : (state.tenants[0] ?? null);
    if (state.tenant !== null) select.value = state.tenant;
  }
  select.hidden = $('tenant-label').hidden = state.tenants === null;
  if (!state.single && state.tenant === null) {
    showLoggedIn();
    showMessage('The pool folder holds no tenant yet.', false);
    return;
  }
  try {
    await query('SELECT 1');  // the token is checked on the query route too
  } catch (error) {
    return report(error, 'Logging in');
  }
  showLoggedIn();
  await loadTables();
}

// --- tables ----------------------------------------------------------------------------------

async function loadTables() {
  const issued = ticket('tables');
  let listed;
  try {
    listed = await query("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' " +
                         "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  } catch (error) {
    return report(error, 'Listing the tables');
  }
  const tables = listed.rows.map(([name, wr]) => ({ name, withoutRowid: wr === 1, rows: null }));
  if (tables.length > 0) {
    // One statement counts every table: names bound as values, quoted as identifiers.
    const sql = tables.map((table, i) => `SELECT ?${i + 1}, count(*) FROM ${quoted(table.name)}`).join(' UNION ALL ');
    try {
      const counted = await query(sql, tables.map((table) => table.name));
      const counts = new Map(counted.rows.map(([name, count]) => [name, count]));
      for (const table of tables) table.rows = counts.get(table.name);
    } catch (error) {
      report(error, 'Counting the rows');
    }
  }
  if (!current('tables', issued)) return;
  state.tables = tables;
  renderTables();
  if (!tables.some((table) => table.name === state.table)) state.table = null;
  if (state.table === null && tables.length > 0) await chooseTable(tables[0].name);
  else if (state.table !== null) await refreshTable();
  if (currentTab() === 'diagram') await drawDiagram();
}

function renderTables() {
  const list = $('tables');
  list.replaceChildren();
  for (const table of state.tables) {
    const item = document.createElement('li');
    item.dataset.table = table.name;
    if (table.name === state.table) item.classList.add('selected');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = table.name;
    const count = document.createElement('span');
    count.className = 'count';
    count.textContent = table.rows === null ? '?' : String(table.rows);
    item.append(name, count);
    item.addEventListener('click', () => chooseTable(table.name));
    list.append(item);
  }
}

async function chooseTable(name) {
  clearMessage();  // the last edit's or error's message was about another table
  state.table = name;
  state.sort = null;
  state.page = 0;
  renderTables();
  await refreshTable();
}

async function refreshTable() {
  const issued = ticket('columns');
  try {
    const info = await query('SELECT cid, name, type, "notnull", dflt_value, pk FROM pragma_table_info(?1)', [state.table]);
    if (!current('columns', issued)) return;
    state.columns = info.rows.map(([cid, name, type, notnull, dflt, pk]) => ({ cid, name, type, notnull, dflt, pk }));
  } catch (error) {
    return report(error, `Reading the columns of ${state.table}`);
  }
  await loadPage();
  await loadSchema();
}

// --- browsing --------------------------------------------------------------------------------

function currentTableInfo() {
  return state.tables.find((table) => table.name === state.table);
}

/** The columns that find one row: the primary key, else the rowid (aliased ROWID). */
function keyColumns() {
  const pk = state.columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name);
  if (pk.length > 0) return pk;
  return currentTableInfo()?.withoutRowid ? [] : [ROWID];
}

function pageSize() {
  return Number($('page-size').value);
}

async function loadPage() {
  const table = currentTableInfo();
  if (!table) return;
  const issued = ticket('page');
  const keys = keyColumns();
  const hiddenRowid = keys.length === 1 && keys[0] === ROWID;
  const order = [];
  if (state.sort) order.push(`${quoted(state.sort.column)} ${state.sort.descending ? 'DESC' : 'ASC'}`);
  // The key last, so the paging order is total and a page never repeats or skips a row.
  for (const key of keys) order.push(key === ROWID ? 'rowid' : quoted(key));
  const sql = `SELECT ${hiddenRowid ? `rowid AS ${quoted(ROWID)}, ` : ''}* FROM ${quoted(table.name)}` +
              (order.length ? ` ORDER BY ${order.join(', ')}` : '') + ' LIMIT ?1 OFFSET ?2';
  let result;
  try {
    result = await query(sql, [pageSize(), state.page * pageSize()]);
  } catch (error) {
    return report(error, `Reading ${table.name}`);
  }
  if (!current('page', issued)) return;
  $('data-title').textContent = table.name;
  const first = result.rows.length ? state.page * pageSize() + 1 : 0;
  const last = state.page * pageSize() + result.rows.length;
  $('page-info').textContent = `rows ${first}–${last} of ${table.rows ?? '?'}`;
  $('previous-page').disabled = state.page === 0;
  $('next-page').disabled = table.rows === null ? result.rows.length < pageSize() : last >= table.rows;
  renderDataGrid(result, keys);
}

function renderDataGrid(result, keys) {
  const grid = $('data-grid');
  grid.replaceChildren();
  const shown = result.columns.map((name, index) => ({ name, index })).filter((column) => column.name !== ROWID ||
                                                                                    keys[0] !== ROWID);
  const head = grid.createTHead().insertRow();
  for (const column of shown) {
    const th = document.createElement('th');
    th.textContent = column.name;
    th.className = 'sortable';
    if (state.sort?.column === column.name) th.classList.add(state.sort.descending ? 'sorted-desc' : 'sorted-asc');
    th.title = 'sort by this column';
    th.addEventListener('click', () => sortBy(column.name));
    head.append(th);
  }
  head.append(document.createElement('th'));
  const body = grid.createTBody();
  for (const row of result.rows) {
    const tr = body.insertRow();
    const key = keys.map((name) => row[result.columns.indexOf(name)]);
    for (const column of shown) {
      const td = tr.insertCell();
      fillCell(td, row[column.index]);
      td.dataset.column = column.name;
      if (keys.length > 0) td.addEventListener('dblclick', () => editCell(td, column.name, row[column.index], key, keys));
    }
    const actions = tr.insertCell();
    if (keys.length > 0) {
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'delete';
      remove.textContent = 'Delete';
      remove.title = 'delete this row';
      remove.addEventListener('click', () => deleteRow(key, keys));
      actions.append(remove);
    }
  }
}

/** Shows one value in a cell: NULL, numbers right-aligned, BLOBs by size. */
function fillCell(td, value) {
  if (value === null) {
    td.textContent = 'NULL';
    td.classList.add('null');
  } else if (typeof value === 'object' && 'base64' in value) {
    td.textContent = `BLOB (${Math.floor(value.base64.length * 3 / 4) - (value.base64.match(/=*$/)[0].length)} bytes)`;
    td.classList.add('null');
  } else {
    td.textContent = String(value);
    if (typeof value === 'number') td.classList.add('number');
  }
}

async function sortBy(column) {
  if (state.sort?.column === column) state.sort = { column, descending: !state.sort.descending };
  else state.sort = { column, descending: false };
  state.page = 0;
  await loadPage();
}

// --- editing ---------------------------------------------------------------------------------

/** The WHERE clause finding one row by its key, bound from ?`start` on. */
function keyCondition(keys, start) {
  return keys.map((name, i) => `${name === ROWID ? 'rowid' : quoted(name)} = ?${start + i}`).join(' AND ');
}

/** What the user typed, as the value to store: NULL, a number where the column is numeric, else text. */
function typedValue(text, column, previous) {
  if (text === 'NULL') return null;
  const type = (state.columns.find((c) => c.name === column)?.type ?? '').toUpperCase();
  const numeric = typeof previous === 'number' || /INT|REAL|FLOA|DOUB|NUM|DEC/.test(type);
  if (numeric && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

function editCell(td, column, value, key, keys) {
  if (td.querySelector('input') || (value !== null && typeof value === 'object')) return;  // BLOBs stay as they are
  const input = document.createElement('input');
  input.value = value === null ? 'NULL' : String(value);
  td.replaceChildren(input);
  td.classList.remove('null');
  input.focus();
  input.select();
  let done = false;
  const cancel = () => {
    if (done) return;
    done = true;
    td.replaceChildren();
    fillCell(td, value);
  };
  input.addEventListener('keydown', async (event) => {
    if (event.key === 'Escape') cancel();
    if (event.key !== 'Enter') return;
    done = true;
    const sql = `UPDATE ${quoted(state.table)} SET ${quoted(column)} = ?1 WHERE ${keyCondition(keys, 2)}`;
    try {
      const result = await query(sql, [typedValue(input.value, column, value), ...key]);
      showMessage(`Updated ${result.meta.rows_written} row of ${state.table}.`, false);
    } catch (error) {
      report(error, `Updating ${column}`);
    }
    await loadPage();  // what the database holds now, not what was typed
  });
  input.addEventListener('blur', cancel);
}

async function deleteRow(key, keys) {
  const described = keys.map((name, i) => `${name === ROWID ? 'rowid' : name} = ${key[i]}`).join(', ');
  if (!window.confirm(`Delete the row of ${state.table} where ${described}?`)) return;
  try {
    const result = await query(`DELETE FROM ${quoted(state.table)} WHERE ${keyCondition(keys, 1)}`, key);
    showMessage(`Deleted ${result.meta.rows_written} row of ${state.table}.`, false);
  } catch (error) {
    report(error, 'Deleting the row');
  }
  await loadTables();  // the counts changed
}

// --- schema ----------------------------------------------------------------------------------

function fillTable(grid, columns, rows) {
  grid.replaceChildren();
  const head = grid.createTHead().insertRow();
  for (const name of columns) {
    const th = document.createElement('th');
    th.textContent = name;
    head.append(th);
  }
  const body = grid.createTBody();
  if (rows.length === 0) {
    const td = body.insertRow().insertCell();
    td.colSpan = columns.length;
    td.textContent = 'none';
    td.className = 'null';
  }
  for (const row of rows) {
    const tr = body.insertRow();
    for (const value of row) fillCell(tr.insertCell(), value);
  }
}

async function loadSchema() {
  const table = state.table;
  const issued = ticket('schema');
  try {
    const keys = await query('SELECT id, seq, "table", "from", "to", on_update, on_delete FROM ' +
                             'pragma_foreign_key_list(?1) ORDER BY id, seq', [table]);
    const indexes = await query('SELECT il.name, il."unique", il.origin, il.partial, ' +
                                "(SELECT group_concat(ii.name, ', ') FROM pragma_index_info(il.name) AS ii) " +
                                'FROM pragma_index_list(?1) AS il ORDER BY il.name', [table]);
    const sql = await query("SELECT sql FROM sqlite_schema WHERE name = ?1 AND type = 'table'", [table]);
    if (!current('schema', issued)) return;
    $('schema-title').textContent = table;
    fillTable($('schema-columns'), ['name', 'type', 'not null', 'default', 'primary key'],
              state.columns.map((c) => [c.name, c.type, c.notnull ? 'yes' : '', c.dflt, c.pk ? `#${c.pk}` : '']));
    fillTable($('schema-foreign-keys'), ['id', 'column', 'references', 'on update', 'on delete'],
              keys.rows.map(([id, , target, from, to, onUpdate, onDelete]) =>
                [id, from, `${target}(${to ?? 'primary key'})`, onUpdate, onDelete]));
    fillTable($('schema-indexes'), ['name', 'unique', 'origin', 'partial', 'columns'],
              indexes.rows.map(([name, unique, origin, partial, columns]) =>
                [name, unique ? 'yes' : '', { c: 'CREATE INDEX', u: 'UNIQUE', pk: 'PRIMARY KEY' }[origin] ?? origin,
                 partial ? 'yes' : '', columns]));
    $('schema-sql').textContent = sql.rows[0]?.[0] ?? '';
  } catch (error) {
    report(error, `Reading the schema of ${table}`);
  }
}

// --- the entity-relationship diagram ----------------------------------------------------------

const SVG = 'http://www.w3.org/2000/svg';

function svg(name, attributes = {}, text = undefined) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

async function drawDiagram() {
  const names = state.tables.map((table) => table.name);
  let columns;
  let keys;
  try {
    columns = await query('SELECT t.name, c.name, c.type, c.pk FROM pragma_table_list AS t, pragma_table_info(t.name) ' +
                          "AS c WHERE t.schema = 'main' AND t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' " +
                          "ESCAPE '\\' ORDER BY t.name, c.cid");
    keys = await query('SELECT t.name, f.id, f."table", min(f."from") FROM pragma_table_list AS t, ' +
                       "pragma_foreign_key_list(t.name) AS f WHERE t.schema = 'main' AND t.type = 'table' " +
                       "AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' GROUP BY t.name, f.id ORDER BY t.name, f.id");
  } catch (error) {
    return report(error, 'Reading the schema for the diagram');
  }
  const byTable = new Map(names.map((name) => [name, []]));
  for (const [table, name, type, pk] of columns.rows) byTable.get(table)?.push({ name, type, pk });

  // Tables on a grid, as square as it gets; each box as tall as its columns need.
  const width = 220;
  const line = 18;
  const gap = 70;
  const perRow = Math.max(1, Math.ceil(Math.sqrt(names.length)));
  const boxes = new Map();
  let y = 20;
  for (let start = 0; start < names.length; start += perRow) {
    const row = names.slice(start, start + perRow);
    const height = Math.max(...row.map((name) => (byTable.get(name).length + 1) * line + 8));
    row.forEach((name, i) => boxes.set(name, { x: 60 + i * (width + gap), y, height: (byTable.get(name).length + 1) * line + 8 }));
    y += height + gap;
  }
  const drawing = svg('svg', { width: 60 + perRow * (width + gap), height: y, role: 'img',
                               'aria-label': 'entity-relationship diagram' });
  const defs = svg('defs');
  const marker = svg('marker', { id: 'er-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8,
                                 markerHeight: 8, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z' }));
  defs.append(marker);
  drawing.append(defs);

  const referencing = new Set(keys.rows.map(([table, , , from]) => `${table}.${from}`));
  for (const name of names) {
    const box = boxes.get(name);
    const group = svg('g', { class: 'er-table', 'data-table': name });
    group.append(svg('rect', { class: 'box', x: box.x, y: box.y, width, height: box.height, rx: 4 }));
    group.append(svg('rect', { class: 'title', x: box.x, y: box.y, width, height: line + 2, rx: 4 }));
    group.append(svg('text', { class: 'name', x: box.x + 8, y: box.y + line - 4 }, name));
    byTable.get(name).forEach((column, i) => {
      const marks = `${column.pk ? 'PK ' : ''}${referencing.has(`${name}.${column.name}`) ? 'FK ' : ''}`;
      const label = `${marks}${column.name}${column.type ? ` ${column.type}` : ''}`;
      group.append(svg('text', { class: column.pk ? 'key' : '', x: box.x + 8, y: box.y + (i + 2) * line },
                       label.length > 30 ? `${label.slice(0, 29)}…` : label));
    });
    drawing.append(group);
  }

  // One edge per foreign key: from the referencing column's row to the referenced table's title.
  for (const [table, id, target, from] of keys.rows) {
    const source = boxes.get(table);
    const destination = boxes.get(target);
    if (!source || !destination) continue;
    const row = Math.max(0, byTable.get(table).findIndex((column) => column.name === from));
    const sy = source.y + (row + 1.5) * line + 2;
    const ty = destination.y + line / 2;
    const rightward = destination.x >= source.x;
    let d;
    if (table === target || source.x === destination.x) {
      // A self reference, or a table above or below: a loop on the left sides, clear of the boxes.
      const x = source.x;
      d = `M ${x} ${sy} C ${x - 50} ${sy}, ${x - 50} ${ty}, ${x} ${ty}`;
    } else {
      const sx = rightward ? source.x + width : source.x;
      const tx = rightward ? destination.x : destination.x + width;
      const bend = rightward ? 50 : -50;
      d = `M ${sx} ${sy} C ${sx + bend} ${sy}, ${tx - bend} ${ty}, ${tx} ${ty}`;
    }
    const edge = svg('path', { class: 'fk-edge', d, 'marker-end': 'url(#er-arrow)', 'data-from': table,
                               'data-to': target, 'data-key': id });
    edge.append(svg('title', {}, `${table}.${from} → ${target}`));
    drawing.append(edge);
  }
  $('diagram').replaceChildren(drawing);
}

// --- running SQL -----------------------------------------------------------------------------

/**
 * Selects in the editor where SQLite stopped: the server's message carries the statement and a
 * caret under the offending place ("  in: SELECT ...\n        ^"), and SQLite names the text
 * there ('near "BY": syntax error'); without a caret, the first occurrence of that text.
 */
function selectErrorPosition(text, sql, message) {
  const near = /near "([^"]+)"/.exec(message);
  const caret = /\n {6}( *)\^\s*$/.exec(message);
  const leading = text.value.indexOf(sql);  // the editor's text was trimmed before sending
  let at = -1;
  if (caret) at = leading + caret[1].length;
  else if (near) at = text.value.indexOf(near[1]);
  if (at < 0 || at > text.value.length) return;
  const length = near && text.value.startsWith(near[1], at) ? near[1].length : 1;
  text.focus();
  text.setSelectionRange(at, at + length);
}

async function runSql() {
  const text = $('sql-text');
  const sql = text.value.trim();
  const errorBox = $('sql-error');
  errorBox.hidden = true;
  if (!sql) return;
  let result;
  try {
    result = await query(sql);
  } catch (error) {
    if (error.status === 401) return report(error, 'Running the SQL');
    errorBox.textContent = `Error${error.status ? ` (${error.status})` : ''}: ${error.message}`;
    errorBox.hidden = false;
    selectErrorPosition(text, sql, error.message);
    $('sql-meta').textContent = '';
    $('sql-grid').replaceChildren();
    return;
  }
  $('sql-meta').textContent = `${result.meta.rows_read} rows read, ${result.meta.rows_written} rows written`;
  fillTable($('sql-grid'), result.columns, result.rows);
  if (result.meta.rows_written > 0 || /^\s*(create|drop|alter)\b/i.test(sql)) await loadTables();
}

// --- tabs and wiring -------------------------------------------------------------------------

function currentTab() {
  return document.querySelector('#tabs [aria-selected="true"]').dataset.tab;
}

async function showTab(name) {
  for (const button of document.querySelectorAll('#tabs button')) {
    button.setAttribute('aria-selected', String(button.dataset.tab === name));
  }
  for (const tab of document.querySelectorAll('.tab')) tab.hidden = tab.id !== `tab-${name}`;
  if (name === 'diagram') await drawDiagram();
}

function wire() {
  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    connect();
  });
  $('logout').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    state.table = null;
    showLoggedOut();
    showMessage('Logged out.', false);
  });
  $('tenant').addEventListener('change', () => {
    state.tenant = $('tenant').value === '' ? null : $('tenant').value;
    state.table = null;
    clearMessage();
    loadTables();
  });
  for (const button of document.querySelectorAll('#tabs button')) {
    button.addEventListener('click', () => showTab(button.dataset.tab));
  }
  $('previous-page').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); loadPage(); });
  $('next-page').addEventListener('click', () => { state.page += 1; loadPage(); });
  $('page-size').addEventListener('change', () => { state.page = 0; loadPage(); });
  $('run-sql').addEventListener('click', runSql);
  $('sql-text').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      runSql();
    }
  });
  if (sessionStorage.getItem(TOKEN_KEY) !== null) connect();
  else showLoggedOut();
}

wire();
