// The clinician dashboard: a SMART app of this server's own. It signs in through the server's SMART
// authorization with the fhirclient library (standalone launch, user/ scopes) and reads only through FHIR:
// Patient search (narrowed to the clinician's care teams by the server), Observation/$lastn,
// $reading-days and $stats, Goal (per-patient thresholds), Patient/$withings-status and -connect.
(() => {
  'use strict';

  const LOINC = 'http://loinc.org';
  const CODES = {
    bp: '85354-9', systolic: '8480-6', diastolic: '8462-4', weight: '29463-7', spo2: ['2708-6', '59408-5'],
    pulse: '8867-4', temperature: '8310-5', steps: '41950-7',
  };
  // used where a patient has no Goal for the measure (FHIR Goal.target, by LOINC code)
  const DEFAULT_LIMITS = { [CODES.systolic]: { high: 140 }, [CODES.diastolic]: { high: 90 }, '2708-6': { low: 94 }, '59408-5': { low: 94 } };
  const PAGE_SIZE = 50;
  const CHUNK = 100;
  const TIMEZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const SERIES = [
    { title: 'Pulse', codes: [CODES.pulse], unit: '/min' },
    { title: 'Weight', codes: [CODES.weight], unit: 'kg' },
    { title: 'SpO₂', codes: CODES.spo2, unit: '%' },
    { title: 'Body temperature', codes: [CODES.temperature], unit: '°C' },
    { title: 'Steps per day', codes: [CODES.steps], unit: 'steps' },
  ];

  const $ = (id) => document.getElementById(id);
  const state = { client: null, rows: [], sort: 'name', direction: 1, page: 0, charts: [], patient: null, days: 30 };

  function showProblem(error) {
    const problem = $('problem');
    problem.textContent = 'Something went wrong: ' + (error && error.message ? error.message : error);
    problem.hidden = false;
  }

  // ---- reading FHIR ----

  const tokens = (codes) => codes.map((code) => LOINC + '|' + code).join(',');

  async function inChunks(ids, ask) {
    const answers = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      answers.push(await ask(ids.slice(i, i + CHUNK)));
    }
    return answers;
  }

  const part = (parameter, name) => (parameter.part || []).find((p) => p.name === name);

  function loincOf(concept) {
    const coding = ((concept && concept.coding) || []).find((c) => c.system === LOINC);
    return coding ? coding.code : null;
  }

  function quantity(observation, code) {
    if (loincOf(observation.code) === code && observation.valueQuantity) {
      return observation.valueQuantity;
    }
    const component = (observation.component || []).find((c) => loincOf(c.code) === code);
    return component ? component.valueQuantity : null;
  }

  const when = (observation) => observation.effectiveDateTime || (observation.effectivePeriod || {}).start || observation.issued;

  function nameOf(patient) {
    const name = (patient.name || [])[0];
    if (!name) {
      return 'Patient/' + patient.id;
    }
    return name.text || [(name.given || []).join(' '), name.family].filter(Boolean).join(' ') || 'Patient/' + patient.id;
  }

  /** Per patient and LOINC code, the limits of active Goals ({low, high}). */
  async function goalsOf(ids) {
    const limits = {};
    const answers = await inChunks(ids, (chunk) => state.client.request(
      'Goal?lifecycle-status=active&_count=500&subject=' + chunk.map((id) => 'Patient/' + id).join(','),
      { pageLimit: 0, flat: true }));
    answers.flat().forEach((goal) => {
      const patient = ((goal.subject || {}).reference || '').replace('Patient/', '');
      (goal.target || []).forEach((target) => {
        const code = loincOf(target.measure);
        const range = target.detailRange;
        if (code && range) {
          limits[patient] = limits[patient] || {};
          limits[patient][code] = { low: range.low && range.low.value, high: range.high && range.high.value };
        }
      });
    });
    return limits;
  }

  function flagOf(value, code, limits) {
    const limit = (limits && limits[code]) || DEFAULT_LIMITS[code];
    if (value == null || !limit) {
      return '';
    }
    if (limit.high != null && value >= limit.high) {
      return 'high';
    }
    if (limit.low != null && value < limit.low) {
      return 'low';
    }
    return '';
  }

  // ---- the worklist ----

  async function loadWorklist() {
    const patients = await state.client.request('Patient?_count=200&_elements=name', { pageLimit: 0, flat: true });
    const ids = patients.map((p) => p.id);
    const rows = new Map(patients.map((p) => [p.id, { id: p.id, name: nameOf(p), days: 0, latest: null }]));
    if (ids.length > 0) {
      const [latest, days, limits] = await Promise.all([
        inChunks(ids, (chunk) => state.client.request('Observation/$lastn?max=1&patient=' + chunk.join(',') + '&code='
          + encodeURIComponent(tokens([CODES.bp, CODES.weight].concat(CODES.spo2))), { pageLimit: 0, flat: true })),
        inChunks(ids, (chunk) => state.client.request('Observation/$reading-days?days=30&timezone='
          + encodeURIComponent(TIMEZONE) + '&patient=' + chunk.join(','))),
        goalsOf(ids),
      ]);
      latest.flat().forEach((observation) => {
        const row = rows.get(((observation.subject || {}).reference || '').replace('Patient/', ''));
        if (!row) {
          return;
        }
        const code = loincOf(observation.code);
        const at = when(observation);
        if (code === CODES.bp) {
          const systolic = quantity(observation, CODES.systolic);
          const diastolic = quantity(observation, CODES.diastolic);
          row.bp = {
            systolic: systolic && systolic.value, diastolic: diastolic && diastolic.value, at,
            flag: flagOf(systolic && systolic.value, CODES.systolic, limits[row.id])
              || flagOf(diastolic && diastolic.value, CODES.diastolic, limits[row.id]),
          };
        } else if (code === CODES.weight) {
          row.weight = { value: observation.valueQuantity.value, unit: observation.valueQuantity.unit || 'kg', at };
        } else if (CODES.spo2.includes(code) && !row.spo2) {
          row.spo2 = { value: observation.valueQuantity.value, at, flag: flagOf(observation.valueQuantity.value, code, limits[row.id]) };
        }
      });
      days.forEach((answer) => (answer.parameter || []).forEach((patient) => {
        const row = rows.get(part(patient, 'subject').valueReference.reference.replace('Patient/', ''));
        row.days = part(patient, 'days').valueInteger;
        row.latest = part(patient, 'latest') ? part(patient, 'latest').valueDateTime : null;
      }));
    }
    state.rows = [...rows.values()];
    state.rows.forEach((row) => { row.flagged = Boolean((row.bp && row.bp.flag) || (row.spo2 && row.spo2.flag)); });
    renderWorklist();
  }

  const SORTS = {
    name: (row) => row.name.toLowerCase(),
    bp: (row) => (row.bp ? row.bp.systolic : -1),
    weight: (row) => (row.weight ? row.weight.value : -1),
    spo2: (row) => (row.spo2 ? row.spo2.value : -1),
    latest: (row) => row.latest || '',
    days: (row) => row.days,
  };

  function visibleRows() {
    const text = $('filter').value.trim().toLowerCase();
    const flaggedOnly = $('flagged-only').checked;
    const key = SORTS[state.sort];
    return state.rows
      .filter((row) => (!text || row.name.toLowerCase().includes(text)) && (!flaggedOnly || row.flagged))
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * state.direction);
  }

  function cell(tr, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    tr.appendChild(td);
    return td;
  }

  const arrow = (flag) => (flag === 'high' ? ' ▲' : flag === 'low' ? ' ▼' : '');
  const shortTime = (iso) => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '–');

  function renderWorklist() {
    const rows = visibleRows();
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    const body = $('patients').querySelector('tbody');
    body.replaceChildren();
    rows.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE).forEach((row) => {
      const tr = document.createElement('tr');
      tr.dataset.patient = row.id;
      if (row.flagged) {
        tr.classList.add('out-of-range');
      }
      const name = document.createElement('td');
      const open = document.createElement('a');
      open.href = '#patient/' + encodeURIComponent(row.id);
      open.textContent = row.name;
      name.appendChild(open);
      tr.appendChild(name);
      cell(tr, row.bp ? row.bp.systolic + '/' + row.bp.diastolic + ' mmHg' + arrow(row.bp.flag) : '–',
        row.bp && row.bp.flag ? 'flag bp ' + row.bp.flag : 'bp');
      cell(tr, row.weight ? row.weight.value + ' ' + row.weight.unit : '–');
      cell(tr, row.spo2 ? row.spo2.value + ' %' + arrow(row.spo2.flag) : '–', row.spo2 && row.spo2.flag ? 'flag ' + row.spo2.flag : '');
      cell(tr, shortTime(row.latest), row.latest ? '' : 'muted');
      cell(tr, String(row.days), row.days >= 16 ? 'days billable' : 'days');
      const sync = cell(tr, '…', 'sync');
      syncSummary(row.id).then((text) => { sync.textContent = text; });
      body.appendChild(tr);
    });
    $('count').textContent = rows.length + ' of ' + state.rows.length + ' patients';
    $('page').textContent = 'Page ' + (state.page + 1) + ' of ' + pages;
    $('previous').disabled = state.page === 0;
    $('next').disabled = state.page >= pages - 1;
    document.querySelectorAll('th button').forEach((button) => {
      button.setAttribute('aria-sort', button.dataset.sort === state.sort ? (state.direction > 0 ? 'ascending' : 'descending') : 'none');
    });
  }

  const syncCache = new Map();

  /** One line on the patient's Withings link, from Patient/$withings-status. */
  function syncSummary(id) {
    if (!syncCache.has(id)) {
      syncCache.set(id, state.client.request('Patient/' + encodeURIComponent(id) + '/$withings-status').then((status) => {
        const value = (name) => {
          const found = (status.parameter || []).find((p) => p.name === name);
          return found ? found.valueCode || found.valueDateTime || found.valueInstant || found.valueString : null;
        };
        const link = value('status');
        if (link === 'not-linked') {
          return 'not linked';
        }
        if (link === 'disconnected') {
          return 'needs relink';
        }
        const parts = [link];
        if (value('webhooks')) {
          parts.push(value('webhooks'));
        }
        const backfill = (status.parameter || []).find((p) => p.name === 'backfill');
        if (backfill && part(backfill, 'complete') && !part(backfill, 'complete').valueBoolean) {
          const done = part(backfill, 'windowsDone');
          const total = part(backfill, 'windowsTotal');
          parts.push('backfill ' + (done ? done.valueInteger : 0) + '/' + (total ? total.valueInteger : '?'));
        }
        if (value('lastSuccessfulSync')) {
          parts.push('synced ' + shortTime(value('lastSuccessfulSync')));
        }
        return parts.join(' · ');
      }).catch(() => 'unknown'));
    }
    return syncCache.get(id);
  }

  // ---- one patient ----

  async function openPatient(id) {
    state.patient = id;
    $('worklist').hidden = true;
    $('patient').hidden = false;
    $('link').hidden = true;
    const row = state.rows.find((r) => r.id === id);
    $('patient-name').textContent = row ? row.name : 'Patient/' + id;
    $('sync').textContent = await syncSummary(id);
    try {
      await Promise.all([drawPatient(id), bpAverages(id)]);
    } catch (error) {
      if (!/403|Forbidden/.test(String(error && error.message))) {
        throw error;
      }
      // not one of this clinician's patients: the server refuses, and the page shows nothing of them
      state.charts.forEach((chart) => chart.destroy());
      state.charts = [];
      $('series').replaceChildren();
      $('bp-table').replaceChildren();
      $('bp-chart').dataset.patient = id;
      $('bp-chart').dataset.points = '0';
      showProblem('Patient/' + id + ' is not one of your care teams\' patients.');
    }
    $('patient-name').focus();
  }

  async function observations(id, codes, days) {
    const since = new Date(Date.now() - days * 86400000).toISOString();
    return state.client.request('Observation?subject=Patient/' + encodeURIComponent(id) + '&code=' + encodeURIComponent(tokens(codes))
      + '&date=ge' + since + '&_sort=date&_count=200', { pageLimit: 0, flat: true });
  }

  async function bpAverages(id) {
    for (const days of [7, 30]) {
      const answer = await state.client.request('Observation/$stats?subject=Patient/' + encodeURIComponent(id)
        + '&system=' + encodeURIComponent(LOINC) + '&code=' + CODES.bp + '&statistic=average,count&duration=' + days * 24);
      const average = {};
      (answer.parameter || []).filter((p) => p.name === 'statistics').forEach((p) => {
        const code = loincOf(p.resource.code);
        const component = (p.resource.component || []).find((c) => c.code.coding[0].code === 'average');
        average[code] = component && component.valueQuantity ? component.valueQuantity.value : null;
      });
      $('bp-avg-' + days).textContent = average[CODES.systolic] != null
        ? Math.round(average[CODES.systolic]) + '/' + Math.round(average[CODES.diastolic]) + ' mmHg'
          + ' (' + average[CODES.systolic] + '/' + average[CODES.diastolic] + ')'
        : 'no readings';
    }
  }

  function table(element, headers, rows) {
    element.replaceChildren();
    const head = element.createTHead().insertRow();
    headers.forEach((text) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      head.appendChild(th);
    });
    const body = element.createTBody();
    rows.forEach((values) => {
      const tr = body.insertRow();
      values.forEach((value) => { tr.insertCell().textContent = value; });
    });
  }

  function lineChart(canvas, datasets, targets) {
    const chart = new Chart(canvas, {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { type: 'linear', ticks: { callback: (value) => new Date(value).toLocaleDateString([], { month: 'short', day: 'numeric' }) } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
      plugins: targets ? [targets] : [],
    });
    state.charts.push(chart);
    return chart;
  }

  /** Horizontal target lines (the patient's Goal, else the defaults) drawn across the chart. */
  function targetLines(values) {
    return {
      id: 'targets',
      afterDraw(chart) {
        const { ctx, chartArea, scales } = chart;
        ctx.save();
        ctx.strokeStyle = '#b42318';
        ctx.setLineDash([6, 4]);
        values.forEach((value) => {
          const y = scales.y.getPixelForValue(value);
          ctx.beginPath();
          ctx.moveTo(chartArea.left, y);
          ctx.lineTo(chartArea.right, y);
          ctx.stroke();
        });
        ctx.restore();
      },
    };
  }

  async function drawPatient(id) {
    state.charts.forEach((chart) => chart.destroy());
    state.charts = [];
    const days = state.days;
    const [bp, goals] = await Promise.all([observations(id, [CODES.bp], days), goalsOf([id])]);
    const limits = goals[id] || {};
    const points = (code) => bp.map((o) => ({ x: Date.parse(when(o)), y: (quantity(o, code) || {}).value }))
      .filter((p) => p.y != null);
    const chart = lineChart($('bp-chart'), [
      { label: 'Systolic (mmHg)', data: points(CODES.systolic), borderColor: '#0f5c8a', backgroundColor: '#0f5c8a' },
      { label: 'Diastolic (mmHg)', data: points(CODES.diastolic), borderColor: '#6b21a8', backgroundColor: '#6b21a8' },
    ], targetLines([(limits[CODES.systolic] || DEFAULT_LIMITS[CODES.systolic]).high,
      (limits[CODES.diastolic] || DEFAULT_LIMITS[CODES.diastolic]).high]));
    // what is on screen, for people using the table view and for tests: whose chart, how many readings
    $('bp-chart').dataset.patient = id;
    $('bp-chart').dataset.points = String(chart.data.datasets[0].data.length);
    table($('bp-table'), ['When', 'Systolic (mmHg)', 'Diastolic (mmHg)'], bp.map((o) => [shortTime(when(o)),
      (quantity(o, CODES.systolic) || {}).value, (quantity(o, CODES.diastolic) || {}).value]));

    const series = $('series');
    series.replaceChildren();
    for (const definition of SERIES) {
      const found = await observations(id, definition.codes, days);
      const section = document.createElement('section');
      const title = document.createElement('h3');
      title.textContent = definition.title;
      section.appendChild(title);
      if (found.length === 0) {
        const none = document.createElement('p');
        none.className = 'muted';
        none.textContent = 'No readings in the last ' + days + ' days.';
        section.appendChild(none);
        series.appendChild(section);
        continue;
      }
      const holder = document.createElement('div');
      holder.className = 'chart';
      const canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', definition.title + ' chart');
      holder.appendChild(canvas);
      section.appendChild(holder);
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = definition.title + ' as a table';
      const data = document.createElement('table');
      data.className = 'data';
      details.append(summary, data);
      section.appendChild(details);
      series.appendChild(section);
      const values = found.filter((o) => o.valueQuantity).map((o) => ({ x: Date.parse(when(o)), y: o.valueQuantity.value }));
      lineChart(canvas, [{ label: definition.title + ' (' + definition.unit + ')', data: values, borderColor: '#0f5c8a' }]);
      table(data, ['When', definition.title + ' (' + definition.unit + ')'], found.filter((o) => o.valueQuantity)
        .map((o) => [shortTime(when(o)), o.valueQuantity.value]));
    }
  }

  async function linkWithings() {
    const answer = await state.client.request({
      url: 'Patient/' + encodeURIComponent(state.patient) + '/$withings-connect', method: 'POST',
      body: JSON.stringify({ resourceType: 'Parameters' }), headers: { 'Content-Type': 'application/fhir+json' },
    });
    const url = (answer.parameter || []).find((p) => p.name === 'url');
    const link = $('link');
    link.textContent = 'Give the patient this link (it expires in 30 minutes): ' + (url ? url.valueUrl : '?');
    link.hidden = false;
    syncCache.delete(state.patient);
  }

  // ---- live: the server's own R5 subscription, over a websocket ----
  // One websocket Subscription per browser tab, to every Withings Observation the clinician may read (the
  // server narrows what it carries to her care teams). Chosen over polling _lastUpdated: a new reading shows
  // within a second, and nothing is asked of the server while nothing happens.

  const TOPIC = 'https://pulsebridge.dev/fhir/SubscriptionTopic/withings-observation';
  const SUBSCRIPTION_KEY = 'pulsebridge.dashboard.subscription';
  let refreshTimer = null;

  async function subscription() {
    const known = sessionStorage.getItem(SUBSCRIPTION_KEY);
    if (known) {
      try {
        await state.client.request('Subscription/' + known);
        return known;
      } catch (gone) {
        sessionStorage.removeItem(SUBSCRIPTION_KEY);
      }
    }
    const created = await state.client.create({
      resourceType: 'Subscription', status: 'requested', topic: TOPIC, content: 'id-only', heartbeatPeriod: 60,
      channelType: { system: 'http://terminology.hl7.org/CodeSystem/subscription-channel-type', code: 'websocket' },
    });
    sessionStorage.setItem(SUBSCRIPTION_KEY, created.id);
    return created.id;
  }

  async function live() {
    const id = await subscription();
    const binding = await state.client.request('Subscription/' + id + '/$get-ws-binding-token');
    const value = (name) => (binding.parameter || []).find((p) => p.name === name);
    const socket = new WebSocket(value('websocket-url').valueUrl);
    socket.onopen = () => socket.send('bind-with-token ' + value('token').valueString);
    socket.onmessage = (message) => {
      let bundle;
      try {
        bundle = JSON.parse(message.data);
      } catch (notJson) {
        return;
      }
      const status = ((bundle.entry || [])[0] || {}).resource || {};
      if (status.type === 'event-notification') {
        document.body.dataset.liveEvents = String(Number(document.body.dataset.liveEvents || 0) + 1);
        clearTimeout(refreshTimer);
        refreshTimer = setTimeout(refresh, 300);
      }
    };
    socket.onclose = () => setTimeout(() => live().catch(showProblem), 5000);
    document.body.dataset.live = 'true';
    // a tab closing takes its subscription with it, so nothing waits for a reader that will not come
    window.addEventListener('pagehide', () => {
      fetch(state.client.state.serverUrl + '/Subscription/' + id, {
        method: 'DELETE', keepalive: true,
        headers: { Authorization: 'Bearer ' + state.client.state.tokenResponse.access_token },
      });
      sessionStorage.removeItem(SUBSCRIPTION_KEY);
    }, { once: true });
  }

  async function refresh() {
    await loadWorklist();
    if (!$('patient').hidden && state.patient) {
      await drawPatient(state.patient);
      await bpAverages(state.patient);
    }
  }

  // ---- wiring ----

  function route() {
    const match = location.hash.match(/^#patient\/(.+)$/);
    if (match) {
      openPatient(decodeURIComponent(match[1])).catch(showProblem);
    } else {
      $('patient').hidden = true;
      $('worklist').hidden = false;
    }
  }

  function wire() {
    $('filter').addEventListener('input', () => { state.page = 0; renderWorklist(); });
    $('flagged-only').addEventListener('change', () => { state.page = 0; renderWorklist(); });
    $('previous').addEventListener('click', () => { state.page -= 1; renderWorklist(); });
    $('next').addEventListener('click', () => { state.page += 1; renderWorklist(); });
    document.querySelectorAll('th button').forEach((button) => button.addEventListener('click', () => {
      state.direction = state.sort === button.dataset.sort ? -state.direction : 1;
      state.sort = button.dataset.sort;
      renderWorklist();
    }));
    $('back').addEventListener('click', (event) => { event.preventDefault(); location.hash = ''; });
    document.querySelectorAll('[data-days]').forEach((button) => button.addEventListener('click', () => {
      state.days = Number(button.dataset.days);
      document.querySelectorAll('[data-days]').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
      drawPatient(state.patient).catch(showProblem);
    }));
    $('link-withings').addEventListener('click', () => linkWithings().catch(showProblem));
    $('patient-name').tabIndex = -1;
    window.addEventListener('hashchange', route);
  }

  async function start(client) {
    state.client = client;
    wire();
    let who = client.getFhirUser() || 'signed in';
    try {
      const user = await client.user.read();
      who = nameOf(user);
    } catch (ignored) {
      // a user without a FHIR resource of their own still sees their care teams' patients
    }
    $('who').textContent = who;
    await loadWorklist();
    route();
    live().catch(showProblem);
    document.body.dataset.ready = 'true';
  }

  FHIR.oauth2.init({
    clientId: 'pulsebridge-dashboard',
    scope: 'openid fhirUser user/*.rs user/Patient.u user/Subscription.cruds',
    redirectUri: location.origin + '/dashboard/index.html',
    iss: location.origin + '/fhir',
  }).then(start).catch(showProblem);
})();
