// Interop check: the official Node SDK (@hexonet/ispapi-apiconnector, pinned
// in package.json / package-lock.json beside this file) against a running
// otebox, through the SDK's public API only, so it sees exactly what a Node
// integration sees.
//
// Usage: node interop.mjs http://127.0.0.1:PORT/api/call.cgi
// (run from a directory whose node_modules holds the SDK; tests/sdk.rs copies
// this file there). One line per passed check; the first failed check prints
// what was expected and the raw response, then `interop: N passed, 1 failed`,
// exit 1. When all pass the last line is `interop: N passed, 0 failed`.
//
// SDK facts relied on (read from the 9.0.8 source, src/apiclient.ts):
// - useOTESystem()/useLIVESystem() set the hosted URL and s_entity (1234 /
//   54cd), so setURL() must come after them;
// - login()/loginExtended() send StartSession and keep PROPERTY[SESSION][0];
//   logout() sends EndSession and forgets the session only on success;
// - request() resolves with the transport error itself (not a Response) when
//   fetch fails, and turns a non-2xx HTTP status into a 421 template;
// - 9.0.8 prints every raw response with console.log (left-over debugging in
//   response.ts and responsetranslator.ts), so this script silences
//   console.log and writes its own lines to stdout directly.

import { APIClient } from "@hexonet/ispapi-apiconnector";

const say = (line) => process.stdout.write(`${line}\n`);
console.log = () => {};

const LOGIN = "test.user";
const PASSWORD = "test.passw0rd";
const SESSION_ID = /^[A-Za-z0-9]{64}$/;

let passed = 0;

function fail(name, why, response) {
  console.error(`interop: FAILED check ${passed + 1}: ${name}`);
  console.error(`  ${why}`);
  if (response && typeof response.getPlain === "function") {
    console.error("  raw response as parsed by the SDK:");
    for (const line of response.getPlain().split(/\r?\n/)) {
      console.error(`    ${line}`);
    }
  } else if (response) {
    console.error(`  the SDK returned ${response} instead of a Response`);
  }
  say(`interop: ${passed} passed, 1 failed`);
  process.exit(1);
}

function check(name, condition, why, response) {
  if (!condition) {
    fail(name, why || "condition is false", response);
  }
  passed += 1;
  say(`ok ${String(passed).padStart(2)} - ${name}`);
}

function shown(r) {
  return typeof r?.getCode === "function"
    ? `got ${r.getCode()} ${JSON.stringify(r.getDescription())}`
    : `got ${r}`;
}

function expectCode(name, r, code, { description, prefix } = {}) {
  const ok =
    typeof r?.getCode === "function" &&
    r.getCode() === code &&
    (description === undefined || r.getDescription() === description) &&
    (prefix === undefined || r.getDescription().startsWith(prefix));
  const wanted = `${code}${description ? ` ${JSON.stringify(description)}` : ""}${prefix ? ` ${JSON.stringify(prefix)}...` : ""}`;
  check(name, ok, `expected ${wanted}, ${shown(r)}`, r);
}

function client(url, { ote = true, login = LOGIN, password = PASSWORD } = {}) {
  const c = new APIClient();
  if (ote) {
    c.useOTESystem();
  } else {
    c.useLIVESystem();
  }
  c.setURL(url); // after use*System(), which set the hosted URL
  if (login !== null) {
    c.setCredentials(login, password);
  }
  return c;
}

async function main() {
  const url = process.argv[2];
  if (!url || !/^https?:\/\//.test(url)) {
    console.error("usage: node interop.mjs http://HOST:PORT/api/call.cgi");
    process.exit(2);
  }
  say(`interop: @hexonet/ispapi-apiconnector against ${url}`);

  // 1. Sessionless StatusAccount on OT&E, the way WHMCS calls.
  let c = client(url);
  const body = c.getPOSTData({ COMMAND: "StatusAccount" });
  check(
    "SDK OT&E switch sends s_entity=1234 with credentials",
    body.startsWith("s_entity=1234&s_login=test.user&s_pw="),
    `SDK would send ${body}`,
  );
  let r = await c.request({ COMMAND: "StatusAccount" });
  expectCode("sessionless StatusAccount: 200", r, 200, {
    description: "Command completed successfully",
  });
  check("sessionless StatusAccount: isSuccess()", r.isSuccess() && !r.isError(), shown(r), r);
  for (const name of ["AMOUNT", "CREDIT", "CURRENCY", "DEPOSIT", "VAT"]) {
    const column = r.getColumn(name);
    const values = column ? column.getData() : null;
    check(
      `StatusAccount: property ${name} has exactly one value`,
      Array.isArray(values) && values.length === 1,
      `getColumn(${name}) gave ${JSON.stringify(values)}`,
      r,
    );
  }
  check("StatusAccount: CURRENCY is EUR", r.getColumnIndex("CURRENCY", 0) === "EUR", shown(r), r);
  check(
    "StatusAccount: AMOUNT is a decimal number",
    /^-?[0-9]+\.[0-9]{2}$/.test(r.getColumnIndex("AMOUNT", 0) ?? ""),
    `AMOUNT=${r.getColumnIndex("AMOUNT", 0)}`,
    r,
  );
  check("StatusAccount: RUNTIME parses as a number", Number.isFinite(r.getRuntime()), shown(r), r);

  // 2. Wrong password: the refusal says why.
  r = await client(url, { password: "wrong" }).request({ COMMAND: "StatusAccount" });
  expectCode("wrong password: 530 Authentication failed", r, 530, {
    prefix: "Authentication failed; wrong password for test.user",
  });
  check("wrong password: isError()", r.isError() && !r.isSuccess(), shown(r), r);

  // 3. login / StatusAccount by session / logout / the ended session.
  c = client(url);
  r = await c.login();
  expectCode("login(): 200", r, 200);
  const session = c.getSession();
  check("login(): SDK holds a 64-char [A-Za-z0-9] session id", SESSION_ID.test(session ?? ""), `getSession() is ${session}`, r);
  const sessionBody = c.getPOSTData({ COMMAND: "StatusAccount" });
  check(
    "login(): SDK now sends s_session and no password",
    sessionBody.includes(`s_session=${session}`) && !sessionBody.includes("s_pw="),
    `SDK would send ${sessionBody}`,
  );
  expectCode("StatusAccount through the session: 200", await c.request({ COMMAND: "StatusAccount" }), 200);
  expectCode("logout(): 200", await c.logout(), 200);
  check("logout(): SDK dropped the session", !c.getSession(), `getSession() is ${c.getSession()}`);
  const ended = client(url, { login: null });
  ended.setSession(session);
  expectCode("StatusAccount with the ended session: 530", await ended.request({ COMMAND: "StatusAccount" }), 530);

  // 4. loginExtended with TIMEOUT.
  c = client(url);
  expectCode("loginExtended({TIMEOUT: 60}): 200", await c.loginExtended({ TIMEOUT: 60 }), 200);
  check("loginExtended(): session id kept", SESSION_ID.test(c.getSession() ?? ""), `getSession() is ${c.getSession()}`);
  expectCode("logout() after loginExtended(): 200", await c.logout(), 200);

  // 5. CheckAuthentication, the WHMCS connection test.
  expectCode(
    "CheckAuthentication with the right password: 200",
    await client(url).request({ COMMAND: "CheckAuthentication", SUBUSER: LOGIN, PASSWORD }),
    200,
  );
  expectCode(
    "CheckAuthentication with a wrong password: 530",
    await client(url).request({ COMMAND: "CheckAuthentication", SUBUSER: LOGIN, PASSWORD: "wrong" }),
    530,
  );

  // 6. Unknown command and a malformed value.
  expectCode("unknown command FooBar: 500 Invalid command name", await client(url).request({ COMMAND: "FooBar" }), 500, {
    description: "Invalid command name",
  });
  r = await client(url).request({ COMMAND: "StartSession", TIMEOUT: "abc" });
  expectCode("StartSession TIMEOUT=abc: 505", r, 505, { prefix: "Invalid attribute value syntax" });
  check("StartSession TIMEOUT=abc: description names TIMEOUT", r.getDescription().includes("TIMEOUT"), shown(r), r);

  // 7. LIVE (54cd) is a separate system: an OT&E session is refused there.
  const live = client(url, { ote: false });
  check("SDK LIVE switch sends s_entity=54cd", live.getPOSTData({ COMMAND: "StatusAccount" }).startsWith("s_entity=54cd&"), "");
  expectCode("LIVE accepts test.user/test.passw0rd: 200", await live.request({ COMMAND: "StatusAccount" }), 200);
  const ote = client(url);
  expectCode("login() on OT&E for the cross-system check: 200", await ote.login(), 200);
  const liveWithOteSession = client(url, { ote: false, login: null });
  liveWithOteSession.setSession(ote.getSession());
  r = await liveWithOteSession.request({ COMMAND: "StatusAccount" });
  expectCode("an OT&E session used against LIVE: 530 naming both systems", r, 530, {
    prefix: "Authentication failed; session belongs to OT&E",
  });
  expectCode("logout() of the OT&E session: 200", await ote.logout(), 200);

  // 8. Paging and the Response helpers: QueryContactList with more rows than one page.
  c = client(url);
  for (let i = 0; i < 5; i += 1) {
    expectCode(`AddContact ${i + 1} of 5 for paging: 200`, await c.request({
      COMMAND: "AddContact", FIRSTNAME: `Page${i}`, LASTNAME: "Doe", STREET: "1 Main St", CITY: "Springfield",
      ZIP: "10001", COUNTRY: "US", PHONE: "+1.2125550100", EMAIL: `page${i}@example.net`, NEW: 1,
    }), 200);
  }
  r = await c.request({ COMMAND: "QueryContactList", LIMIT: 2 });
  const total = r.getRecordsTotalCount();
  const pages = Math.ceil(total / 2);
  check("QueryContactList LIMIT=2: TOTAL >= 5, 2 rows", total >= 5 && r.getRecordsCount() === 2, shown(r), r);
  check(
    "QueryContactList page 1: getColumnKeys() has the paging keys and CONTACT",
    ["FIRST", "LAST", "COUNT", "TOTAL", "LIMIT", "CONTACT"].every((k) => r.getColumnKeys().includes(k)),
    JSON.stringify(r.getColumnKeys()),
    r,
  );
  const pg = r.getPagination();
  check(
    "QueryContactList page 1: getPagination() is page 1 of ceil(TOTAL/2), next page 2",
    pg.CURRENTPAGE === 1 && pg.PAGES === pages && pg.NEXTPAGE === 2 && pg.FIRST === 0 && pg.LAST === 1 && r.hasNextPage() && !r.hasPreviousPage(),
    JSON.stringify(pg),
    r,
  );
  const next = await c.requestNextResponsePage(r);
  check(
    "requestNextResponsePage(): page 2 with FIRST=2 LAST=3",
    next?.getCurrentPageNumber() === 2 && next.getFirstRecordIndex() === 2 && next.getLastRecordIndex() === 3,
    shown(next),
    next,
  );
  const all = await c.requestAllResponsePages({ COMMAND: "QueryContactList", LIMIT: 2 });
  const ids = all.flatMap((page) => page.getColumn("CONTACT")?.getData() ?? []);
  check(
    "requestAllResponsePages(): every contact once, the last page without a next",
    all.length === pages && ids.length === total && new Set(ids).size === total && !all[pages - 1].hasNextPage(),
    `${all.length} pages, ${ids.length} rows (${new Set(ids).size} distinct) of TOTAL ${total}`,
  );
  const hash = all[0].getListHash();
  check(
    "getListHash(): one LIST row per record, meta.pg as getPagination()",
    hash.LIST.length === 2 && hash.LIST[1].CONTACT === ids[1] && hash.meta.pg.TOTAL === total,
    JSON.stringify(hash),
  );

  // 9. Client features that reach the server: saveSession/reuseSession,
  // setUserView/resetUserView over a session, setRoleCredentials, and the
  // SDK's own IDN conversion (idna-uts46-hx, no ConvertIDN call).
  c = client(url);
  expectCode("login() to save", await c.login(), 200);
  const saved = {};
  c.saveSession(saved);
  const reused = new APIClient(); // LIVE until reuseSession restores the entity
  reused.setURL(url);
  reused.reuseSession(saved);
  expectCode("reuseSession(): StatusAccount in the saved session", await reused.request({ COMMAND: "StatusAccount" }), 200);
  expectCode("AddUser for the view", await c.request({
    COMMAND: "AddUser", SUBUSER: "node.sub", PASSWORD: "sub.passw0rd", VAT: 19, CURRENCY: "EUR",
  }), 200);
  c.setUserView("node.sub");
  r = await c.request({ COMMAND: "StatusUser" });
  check("setUserView() over a session: StatusUser is the subuser's", r.getColumnIndex("USER", 0) === "node.sub", shown(r), r);
  c.resetUserView();
  r = await c.request({ COMMAND: "StatusUser" });
  check("resetUserView(): StatusUser is the caller's again", r.getColumnIndex("USER", 0) === LOGIN, shown(r), r);
  expectCode("logout() of the saved session", await c.logout(), 200);
  expectCode("CreateRoleUser for setRoleCredentials", await client(url).request({
    COMMAND: "CreateRoleUser", ROLEID: "node", PASSWORD: "role & pass+w=rd", DEFAULTPOLICY: "ALLOW",
  }), 200);
  const role = client(url);
  role.setRoleCredentials(LOGIN, "node", "role & pass+w=rd");
  expectCode("setRoleCredentials(): the role's StatusAccount", await role.request({ COMMAND: "StatusAccount" }), 200);
  r = await client(url).request({ COMMAND: "CheckDomains", DOMAIN: ["dömäin-node.com", "taken-node.net"] });
  check(
    "CheckDomains of a Unicode name: the SDK sends ACE, the rows answer 210 / 211",
    r.getCommand().DOMAIN0 === "xn--dmin-node-w2a0r.com" &&
      JSON.stringify(r.getColumn("DOMAINCHECK")?.getData()) === JSON.stringify(["210 Available", "211 Domain name not available"]),
    `${JSON.stringify(r.getCommand())} ${JSON.stringify(r.getColumn("DOMAINCHECK")?.getData())}`,
    r,
  );

  say(`interop: ${passed} passed, 0 failed`);
}

main().catch((error) => {
  console.error(`interop: crashed: ${error?.stack ?? error}`);
  say(`interop: ${passed} passed, 1 failed`);
  process.exit(1);
});
