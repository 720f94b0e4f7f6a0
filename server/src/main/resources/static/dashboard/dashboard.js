// The clinician dashboard: a SMART app of this server's own. It signs in through the server's SMART
// authorization with the fhirclient library (standalone launch, user/ scopes) and reads only through FHIR:
// Patient search (narrowed to the clinician's care teams by the server), Observation/$lastn,
// $reading-days and $stats, Observation search (with a night's stage series and the ECG strip a result is
// derivedFrom), Goal (per-patient thresholds), Patient/$withings-status and -connect.
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
  const MEASURE = 'https://pulsebridge.dev/fhir/CodeSystem/withings-measure';
  const PALETTE = ['#0f5c8a', '#6b21a8', '#047857', '#b45309', '#be123c', '#374151', '#0e7490'];
  // charts of quantities over time: each line is one or more LOINC codes of the code table
  const SERIES = [
    { id: 'pulse', title: 'Pulse', lines: [{ label: 'Pulse', codes: [CODES.pulse], unit: '/min' }] },
    {
      id: 'body', title: 'Weight and body composition', lines: [
        { label: 'Weight', codes: [CODES.weight], unit: 'kg' },
        { label: 'Fat-free mass', codes: ['91557-9'], unit: 'kg' },
        { label: 'Muscle mass', codes: ['73964-9'], unit: 'kg' },
        { label: 'Body water', codes: ['101683-1'], unit: 'kg' },
        { label: 'Fat mass', codes: ['73708-0'], unit: 'kg' },
        { label: 'Bone mass', codes: ['101685-6'], unit: 'kg' },
        { label: 'Body fat', codes: ['41982-0'], unit: '%', percent: true },
      ],
    },
    { id: 'spo2', title: 'SpO₂', lines: [{ label: 'SpO₂', codes: CODES.spo2, unit: '%' }] },
    { id: 'temperature', title: 'Body temperature', lines: [{ label: 'Body temperature', codes: [CODES.temperature], unit: '°C' }] },
    { id: 'steps', title: 'Steps per day', bars: true, lines: [{ label: 'Steps', codes: [CODES.steps], unit: 'steps' }] },
  ];
  // a night's summary: each stage's duration is its own Observation over the night (effectivePeriod); `state`
  // is the stage's code in the night's stage series, and the order is a hypnogram's, bottom (deep) to top (awake)
  const SLEEP_TOTAL = '93832-4';
  const SLEEP_STAGES = [
    { label: 'Deep', code: '93831-6', state: '2', color: '#1e3a8a' },
    { label: 'Light', code: '93830-8', state: '1', color: '#60a5fa' },
    { label: 'REM', code: '93829-0', state: '3', color: '#7c3aed' },
    { label: 'Awake', code: '93828-2', state: '0', color: '#d97706' },
  ];
  const STAGE_SERIES = 'sleep-series:state';
  // each hypnogram is one more request and chart: the newest nights only, which are what a review looks at
  const HYPNOGRAM_NIGHTS = 7;
  // AFib screening: an ECG recording's classification (heart list, getmeas 130) or a PPG one (getmeas 139)
  const RHYTHM_CODES = { 'heart:afib': 'ECG', 'getmeas:130': 'ECG', 'getmeas:139': 'Pulse wave (PPG)' };
  const AFIB_POSITIVE = ['1', '11', '12'];
  // a strip is 30 s at 300 Hz (about 50 kB): the newest are read with the page, older ones when asked for
  const ECG_STRIPS = 10;
  // ECG paper: 25 mm/s and 10 mm/mV, in CSS millimetres
  const PX_PER_MM = 96 / 25.4;
  const PX_PER_SECOND = 25 * PX_PER_MM;
  const PX_PER_MV = 10 * PX_PER_MM;
  const STRIP_Y_AXIS_PX = 44;
  const STRIP_X_AXIS_PX = 26;
  const BACKFILL_POLL_MS = 3000;

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

  // ---- SampledData (R5): series and strips ----

  // the UCUM time units interval and offsets may be given in, in milliseconds
  const TIME_UNITS = { us: 0.001, ms: 1, s: 1000, min: 60000, h: 3600000 };
  // no value (E), below the lower or above the upper detection limit (L, U): none is a number to draw
  const NOT_A_VALUE = ['E', 'L', 'U'];

  /** Whether the SampledData's times are in a unit this page knows, so samplesOf can place its samples. */
  const timed = (sampled) => TIME_UNITS[sampled.intervalUnit] !== undefined && (sampled.offsets || sampled.interval);

  /**
   * A timed SampledData's samples (its first dimension): each one's time in milliseconds from the Observation's
   * start, from `offsets` where given, else from `interval`; and its datum as written, null for a gap.
   */
  function samplesOf(sampled) {
    const toMs = TIME_UNITS[sampled.intervalUnit];
    const dimensions = sampled.dimensions || 1;
    const data = (sampled.data || '').trim().split(/\s+/).filter((datum, index) => datum && index % dimensions === 0);
    const offsets = sampled.offsets ? sampled.offsets.trim().split(/\s+/).map(Number) : null;
    return data.map((datum, index) => ({
      at: (offsets ? offsets[index] : index * sampled.interval) * toMs,
      datum: NOT_A_VALUE.includes(datum) ? null : datum,
    }));
  }

  /** A datum's value in the origin's unit: origin + factor × datum. */
  function valueOf(sampled, datum) {
    const factor = sampled.factor == null ? 1 : sampled.factor;
    return datum == null ? null : ((sampled.origin || {}).value || 0) + factor * Number(datum);
  }

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

  /** The patient's Withings link as Patient/$withings-status tells it, read once per page unless asked again. */
  function syncStatus(id, fresh) {
    if (fresh || !syncCache.has(id)) {
      syncCache.set(id, state.client.request('Patient/' + encodeURIComponent(id) + '/$withings-status').then((status) => {
        const value = (name) => {
          const found = (status.parameter || []).find((p) => p.name === name);
          return found ? found.valueCode || found.valueDateTime || found.valueInstant || found.valueString : null;
        };
        const backfill = (status.parameter || []).find((p) => p.name === 'backfill');
        const latestLink = (status.parameter || []).find((p) => p.name === 'latestLink');
        const number = (name) => (backfill && part(backfill, name) ? part(backfill, name).valueInteger : 0);
        return {
          link: value('status'),
          webhooks: value('webhooks'),
          lastSync: value('lastSuccessfulSync'),
          // a link handed to the patient and not yet used: the backfill starts when they use it
          linkOpen: Boolean(latestLink && (part(latestLink, 'state') || {}).valueCode === 'open'),
          linkedAt: value('linkedAt'),
          backfill: backfill ? {
            done: number('windowsDone'), failed: number('windowsFailed'), total: number('windowsTotal'),
            written: number('observationsWritten'), complete: Boolean((part(backfill, 'complete') || {}).valueBoolean),
          } : null,
        };
      }));
    }
    return syncCache.get(id);
  }

  /** One line on the patient's Withings link: connected or not, how news arrives, backfill, last sync. */
  function syncSummary(id) {
    return syncStatus(id).then((status) => {
      if (status.link === 'not-linked') {
        return 'not linked';
      }
      if (status.link === 'disconnected') {
        return 'needs relink';
      }
      const parts = [status.link];
      if (status.webhooks) {
        parts.push(status.webhooks);
      }
      if (status.backfill && !status.backfill.complete) {
        parts.push('backfill ' + (status.backfill.done + status.backfill.failed) + '/' + status.backfill.total);
      }
      if (status.lastSync) {
        parts.push('synced ' + shortTime(status.lastSync));
      }
      return parts.join(' · ');
    }).catch(() => 'unknown');
  }

  let backfillTimer = null;

  /**
   * While the patient's history is being fetched, a progress bar that follows $withings-status; when the
   * backfill ends the charts are drawn again with everything it brought.
   */
  async function followBackfill(id, fresh) {
    clearTimeout(backfillTimer);
    const status = await syncStatus(id, fresh).catch(() => null);
    if (state.patient !== id || $('patient').hidden) {
      return;
    }
    const backfill = status && status.backfill;
    const box = $('backfill');
    const progress = $('backfill-progress');
    $('sync').textContent = await syncSummary(id);
    if (!backfill) {
      box.hidden = true;
      progress.dataset.state = 'none';
      // waiting for the patient to use the link, or for the sync engine to plan the history of a new link
      const justLinked = status && status.linkedAt && Date.now() - Date.parse(status.linkedAt) < 120000;
      if (status && (status.linkOpen || justLinked)) {
        backfillTimer = setTimeout(() => followBackfill(id, true).catch(showProblem), BACKFILL_POLL_MS);
      }
      return;
    }
    const finished = backfill.done + backfill.failed;
    progress.max = Math.max(1, backfill.total);
    progress.value = finished;
    $('backfill-text').textContent = finished + ' of ' + backfill.total + ' windows, ' + backfill.written
      + ' readings stored' + (backfill.failed ? ', ' + backfill.failed + ' windows failed' : '');
    const wasRunning = progress.dataset.state === 'running';
    progress.dataset.state = backfill.complete ? 'complete' : 'running';
    progress.dataset.written = String(backfill.written);
    box.hidden = backfill.complete && !wasRunning;
    if (!backfill.complete) {
      backfillTimer = setTimeout(() => followBackfill(id, true).catch(showProblem), BACKFILL_POLL_MS);
    } else if (wasRunning) {
      $('backfill-text').textContent = 'History complete: ' + backfill.written + ' readings stored'
        + (backfill.failed ? ', ' + backfill.failed + ' windows failed' : '');
      await drawPatient(id);
    }
  }

  // ---- one patient ----

  async function openPatient(id) {
    state.patient = id;
    $('worklist').hidden = true;
    $('patient').hidden = false;
    $('link').hidden = true;
    $('backfill').hidden = true;
    $('backfill-progress').dataset.state = '';
    const row = state.rows.find((r) => r.id === id);
    $('patient-name').textContent = row ? row.name : 'Patient/' + id;
    $('sync').textContent = await syncSummary(id);
    try {
      await Promise.all([drawPatient(id), bpAverages(id)]);
      await followBackfill(id, false);
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

  /** The patient's Observations of these codes (LOINC unless a system is given) over the last days, oldest first. */
  async function observations(id, codes, days, system, newestFirst) {
    const since = new Date(Date.now() - days * 86400000).toISOString();
    const codeTokens = system ? codes.map((code) => system + '|' + code).join(',') : tokens(codes);
    return state.client.request('Observation?subject=Patient/' + encodeURIComponent(id) + '&code=' + encodeURIComponent(codeTokens)
      + '&date=ge' + since + '&_sort=' + (newestFirst ? '-date' : 'date') + '&_count=200', { pageLimit: 0, flat: true });
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

  const dayLabel = (value) => new Date(value).toLocaleDateString([], { month: 'short', day: 'numeric' });

  /** A chart over time (x: epoch milliseconds); a second axis on the right for percentages when asked. */
  function timeChart(canvas, datasets, options) {
    const settings = options || {};
    // the x axis spans the chosen range, so a single reading is not stretched over years
    const now = Date.now();
    const scales = { x: { type: 'linear', min: now - state.days * 86400000, max: now, ticks: { callback: dayLabel } } };
    if (settings.percent) {
      scales.percent = { position: 'right', title: { display: true, text: '%' }, grid: { drawOnChartArea: false } };
    }
    const chart = new Chart(canvas, {
      type: settings.bars ? 'bar' : 'line',
      data: { datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        scales,
        plugins: { legend: { position: 'bottom' } },
      },
      plugins: settings.targets ? [settings.targets] : [],
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

  // one drawing at a time: a live refresh and the end of a backfill may ask at once, and a canvas takes one chart
  let drawing = Promise.resolve();

  function drawPatient(id) {
    const next = drawing.then(() => drawPatientNow(id));
    drawing = next.catch(() => {});
    return next;
  }

  async function drawPatientNow(id) {
    const days = state.days;
    const [bp, goals, found, sleep, rhythm] = await Promise.all([
      observations(id, [CODES.bp], days),
      goalsOf([id]),
      Promise.all(SERIES.map((definition) => observations(id, definition.lines.flatMap((line) => line.codes), days))),
      sleepOf(id, days),
      observations(id, Object.keys(RHYTHM_CODES), days, MEASURE, true).then(withStrips),
    ]);
    state.charts.forEach((chart) => chart.destroy());
    state.charts = [];
    const limits = goals[id] || {};
    const points = (code) => bp.map((o) => ({ x: Date.parse(when(o)), y: (quantity(o, code) || {}).value }))
      .filter((p) => p.y != null);
    const chart = timeChart($('bp-chart'), [
      { label: 'Systolic (mmHg)', data: points(CODES.systolic), borderColor: '#0f5c8a', backgroundColor: '#0f5c8a' },
      { label: 'Diastolic (mmHg)', data: points(CODES.diastolic), borderColor: '#6b21a8', backgroundColor: '#6b21a8' },
    ], { targets: targetLines([(limits[CODES.systolic] || DEFAULT_LIMITS[CODES.systolic]).high,
      (limits[CODES.diastolic] || DEFAULT_LIMITS[CODES.diastolic]).high]) });
    // what is on screen, for people using the table view and for tests: whose chart, how many readings
    $('bp-chart').dataset.patient = id;
    $('bp-chart').dataset.points = String(chart.data.datasets[0].data.length);
    table($('bp-table'), ['When', 'Systolic (mmHg)', 'Diastolic (mmHg)'], bp.map((o) => [shortTime(when(o)),
      (quantity(o, CODES.systolic) || {}).value, (quantity(o, CODES.diastolic) || {}).value]));
    $('series').replaceChildren();
    SERIES.forEach((definition, index) => drawSeries(definition, found[index], days));
    drawSleep(sleep, days);
    drawRhythm(rhythm, days);
    $('series').dataset.patient = id;
  }

  /** A titled section under the blood pressure; its id names what it shows, for tests and links. */
  function section(name, title) {
    const element = document.createElement('section');
    element.id = 'section-' + name;
    element.setAttribute('aria-labelledby', 'title-' + name);
    const heading = document.createElement('h3');
    heading.id = 'title-' + name;
    heading.textContent = title;
    element.appendChild(heading);
    $('series').appendChild(element);
    return element;
  }

  function noReadings(element, days) {
    const none = document.createElement('p');
    none.className = 'muted';
    none.textContent = 'No readings in the last ' + days + ' days.';
    element.appendChild(none);
  }

  /** A chart and, folded under it, a table of the same numbers. */
  function chartWithTable(element, title) {
    const holder = document.createElement('div');
    holder.className = 'chart';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', title + ' chart');
    holder.appendChild(canvas);
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = title + ' as a table';
    const data = document.createElement('table');
    data.className = 'data';
    details.append(summary, data);
    element.append(holder, details);
    return { canvas, data };
  }

  /** One chart of one or more quantities; the table has a row per moment and a column per quantity. */
  function drawSeries(definition, observed, days) {
    const found = observed.filter((o) => o.valueQuantity);
    const element = section(definition.id, definition.title);
    if (found.length === 0) {
      noReadings(element, days);
      return;
    }
    const lineOf = (observation) => definition.lines.find((line) => line.codes.includes(loincOf(observation.code)));
    const lines = definition.lines.filter((line) => found.some((o) => lineOf(o) === line));
    const { canvas, data } = chartWithTable(element, definition.title);
    timeChart(canvas, lines.map((line, index) => ({
      label: line.label + ' (' + line.unit + ')',
      data: found.filter((o) => lineOf(o) === line).map((o) => ({ x: Date.parse(when(o)), y: o.valueQuantity.value })),
      borderColor: PALETTE[index], backgroundColor: PALETTE[index], yAxisID: line.percent ? 'percent' : 'y',
    })), { bars: definition.bars, percent: lines.some((line) => line.percent) });
    canvas.dataset.points = String(found.length);
    const moments = new Map();
    found.forEach((o) => {
      const at = when(o);
      if (!moments.has(at)) {
        moments.set(at, new Map());
      }
      moments.get(at).set(lineOf(o), o.valueQuantity.value);
    });
    table(data, ['When'].concat(lines.map((line) => line.label + ' (' + line.unit + ')')),
      [...moments].map(([at, values]) => [shortTime(at)].concat(lines.map((line) => (values.has(line) ? values.get(line) : '')))));
  }

  /** Nights from their stage durations (each an Observation over the night), oldest first. */
  function nightsOf(observed) {
    const nights = new Map();
    observed.filter((o) => o.valueQuantity && o.effectivePeriod).forEach((o) => {
      const key = o.effectivePeriod.start;
      if (!nights.has(key)) {
        nights.set(key, { start: o.effectivePeriod.start, end: o.effectivePeriod.end, minutes: {} });
      }
      nights.get(key).minutes[loincOf(o.code)] = o.valueQuantity.value;
    });
    return [...nights.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  }

  /** The nights' stage durations, and the stage series of the newest nights (one per night at most). */
  async function sleepOf(id, days) {
    const observed = await observations(id, [SLEEP_TOTAL].concat(SLEEP_STAGES.map((stage) => stage.code)), days);
    const newest = nightsOf(observed).slice(-HYPNOGRAM_NIGHTS);
    if (newest.length === 0) {
      return { observed, series: [] };
    }
    // a night's series lies within the night: from the start of the oldest night shown, no older night's is found
    const series = await state.client.request('Observation?subject=Patient/' + encodeURIComponent(id) + '&code='
      + encodeURIComponent(MEASURE + '|' + STAGE_SERIES) + '&date=ge' + new Date(newest[0].start).toISOString()
      + '&_sort=-date&_count=' + HYPNOGRAM_NIGHTS, { pageLimit: 1, flat: true });
    return { observed, series };
  }

  /** Sleep per night: the stages stacked in hours; the table gives the minutes as stored; then night by night. */
  function drawSleep(sleep, days) {
    const element = section('sleep', 'Sleep');
    const ordered = nightsOf(sleep.observed);
    if (ordered.length === 0) {
      noReadings(element, days);
      return;
    }
    const { canvas, data } = chartWithTable(element, 'Sleep');
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: ordered.map((night) => dayLabel(night.end || night.start)),
        datasets: SLEEP_STAGES.map((stage) => ({
          label: stage.label + ' (h)', backgroundColor: stage.color,
          data: ordered.map((night) => (night.minutes[stage.code] == null ? null : Math.round(night.minutes[stage.code] / 0.6) / 100)),
        })),
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'hours' } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    state.charts.push(chart);
    canvas.dataset.nights = String(ordered.length);
    table(data, ['Night', 'Total sleep (min)'].concat(SLEEP_STAGES.map((stage) => stage.label + ' (min)')),
      ordered.map((night) => [shortTime(night.start) + ' – ' + shortTime(night.end),
        night.minutes[SLEEP_TOTAL] == null ? '' : night.minutes[SLEEP_TOTAL]]
        .concat(SLEEP_STAGES.map((stage) => (night.minutes[stage.code] == null ? '' : night.minutes[stage.code])))));
    drawNights(element, ordered, sleep.series);
  }

  /** The newest nights, newest first, each with its hypnogram when its stage series is stored. */
  function drawNights(element, nights, series) {
    const shown = nights.slice(-HYPNOGRAM_NIGHTS).reverse();
    const heading = document.createElement('h4');
    heading.textContent = 'Night by night';
    const note = document.createElement('p');
    note.className = 'muted';
    note.id = 'hypnogram-note';
    note.textContent = 'Sleep stages through the night (hypnogram), newest night first'
      + (nights.length > shown.length ? '; the newest ' + shown.length + ' of ' + nights.length + ' nights.' : '.');
    element.append(heading, note);
    shown.forEach((night) => element.appendChild(nightFigure(night,
      series.find((s) => s.valueSampledData && s.effectivePeriod && overlaps(s.effectivePeriod, night)))));
  }

  const overlaps = (period, night) => Date.parse(period.start) < Date.parse(night.end) && Date.parse(period.end) > Date.parse(night.start);

  function nightFigure(night, series) {
    const figure = document.createElement('figure');
    figure.className = 'night';
    figure.dataset.night = night.start;
    const caption = document.createElement('figcaption');
    const title = document.createElement('strong');
    title.textContent = 'Night of ' + shortTime(night.start) + ' – ' + shortTime(night.end);
    caption.appendChild(title);
    figure.appendChild(caption);
    if (!series) {
      caption.append(': no sleep stages stored for this night.');
      return figure;
    }
    const stretches = timed(series.valueSampledData) ? stretchesOf(series) : [];
    if (stretches.length === 0) {
      caption.append(': its sleep stages could not be read.');
      return figure;
    }
    caption.append(': ' + stageMinutes(stretches));
    figure.dataset.stretches = String(stretches.length);
    figure.dataset.changes = String(stretches.filter((stretch, i) => i > 0 && stretch.code !== stretches[i - 1].code).length);
    figure.dataset.firstStage = stageLabel(stretches[0].code);
    const holder = document.createElement('div');
    holder.className = 'hypnogram';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'Hypnogram of the ' + title.textContent.toLowerCase());
    holder.appendChild(canvas);
    figure.appendChild(holder);
    state.charts.push(new Chart(canvas, hypnogram(series, stretches)));
    return figure;
  }

  /** The stage series as stretches: stage code (null: none), start and end in epoch ms; the last lasts until the period ends. */
  function stretchesOf(series) {
    const start = Date.parse(series.effectivePeriod.start);
    const end = Date.parse(series.effectivePeriod.end);
    const samples = samplesOf(series.valueSampledData);
    return samples.map((sample, i) => ({
      code: sample.datum, start: start + sample.at, end: i + 1 < samples.length ? start + samples[i + 1].at : end,
    }));
  }

  // a hypnogram's rows: SLEEP_STAGES' order; other codes (manual, unspecified, out of bed) and gaps have none
  const levelOf = (code) => SLEEP_STAGES.findIndex((stage) => stage.state === code);
  const stageLabel = (code) => (levelOf(code) < 0 ? 'no stage' : SLEEP_STAGES[levelOf(code)].label);

  /** Minutes per stage as the series has them, awake first as the hypnogram reads top down. */
  function stageMinutes(stretches) {
    const minutes = new Map();
    stretches.forEach((stretch) => {
      const label = stageLabel(stretch.code);
      minutes.set(label, (minutes.get(label) || 0) + (stretch.end - stretch.start) / 60000);
    });
    const labels = SLEEP_STAGES.map((stage) => stage.label).reverse().concat(minutes.has('no stage') ? ['no stage'] : []);
    return labels.map((label) => label + ' ' + Math.round(minutes.get(label) || 0) + ' min').join(', ') + '.';
  }

  const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

  function hoursBetween(from, to) {
    const hour = new Date(from);
    hour.setMinutes(0, 0, 0);
    const hours = [];
    for (let at = hour.getTime() < from ? hour.getTime() + 3600000 : hour.getTime(); at <= to; at += 3600000) {
      hours.push(at);
    }
    return hours;
  }

  /** A step line: each stretch flat at its stage's row, a gap where a stretch has no stage. */
  function hypnogram(series, stretches) {
    const points = stretches.flatMap((stretch) => {
      const level = levelOf(stretch.code);
      return level < 0 ? [{ x: stretch.start, y: null }] : [{ x: stretch.start, y: level }, { x: stretch.end, y: level }];
    });
    const stageAt = (context) => (context.p0.parsed.y === context.p1.parsed.y ? SLEEP_STAGES[context.p0.parsed.y].color : '#9ca3af');
    return {
      type: 'line',
      data: { datasets: [{ label: 'Sleep stage', data: points, borderWidth: 3, pointRadius: 0, spanGaps: false, segment: { borderColor: stageAt } }] },
      options: {
        animation: false, maintainAspectRatio: false, parsing: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: (items) => clock(items[0].parsed.x), label: (item) => (SLEEP_STAGES[item.parsed.y] || {}).label } },
        },
        scales: {
          x: {
            type: 'linear', min: Date.parse(series.effectivePeriod.start), max: Date.parse(series.effectivePeriod.end),
            // on the local clock's hours, whatever minute the night starts at
            afterBuildTicks: (axis) => { axis.ticks = hoursBetween(axis.min, axis.max).map((value) => ({ value })); },
            ticks: { callback: clock },
          },
          y: {
            min: -0.5, max: SLEEP_STAGES.length - 0.5,
            // one tick per stage row, not Chart.js's evenly spaced numbers
            afterBuildTicks: (axis) => { axis.ticks = SLEEP_STAGES.map((stage, value) => ({ value })); },
            ticks: { callback: (value) => SLEEP_STAGES[value].label },
          },
        },
      },
    };
  }

  const stripReference = (result) => (result.derivedFrom || []).map((r) => r.reference || '').find((r) => r.startsWith('Observation/'));

  // a recording's signal never changes, so a live redraw reuses the strips already read
  const stripsRead = new Map();

  /** The strip an ECG result is derived from, read by its reference; null when it cannot be read. */
  function stripOf(result) {
    const reference = stripReference(result);
    if (!stripsRead.has(reference)) {
      stripsRead.set(reference, state.client.request(reference).catch(() => {
        stripsRead.delete(reference);
        return null;
      }));
    }
    return stripsRead.get(reference);
  }

  /** ECG and AFib results, newest first, with the strips of the newest ones that have one. */
  async function withStrips(results) {
    const newest = results.filter(stripReference).slice(0, ECG_STRIPS);
    return { results, strips: new Map(await Promise.all(newest.map(async (result) => [result, await stripOf(result)]))) };
  }

  /** ECG and pulse-wave AFib screening results, newest first, positives flagged, each ECG with its strip. */
  function drawRhythm(rhythm, days) {
    const found = rhythm.results;
    const element = section('rhythm', 'ECG and AFib screening');
    if (found.length === 0) {
      noReadings(element, days);
      return;
    }
    const list = document.createElement('table');
    list.className = 'data';
    const caption = list.createCaption();
    caption.textContent = 'A consumer screening result, not a diagnosis.'
      + (found.filter(stripReference).length > ECG_STRIPS ? ' The newest ' + ECG_STRIPS + ' ECG strips are shown; older ones on request.' : '');
    element.appendChild(list);
    const head = list.createTHead().insertRow();
    ['When', 'Result', 'Heart rate (/min)', 'Recorded as'].forEach((text) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      head.appendChild(th);
    });
    const body = list.createTBody();
    found.forEach((o) => {
      const coding = ((o.valueCodeableConcept || {}).coding || [])[0] || {};
      const localCode = ((o.code.coding || []).find((c) => c.system === MEASURE) || {}).code;
      const heartRate = (o.component || []).find((c) => loincOf(c.code) === CODES.pulse);
      const tr = body.insertRow();
      tr.insertCell().textContent = shortTime(when(o));
      const result = tr.insertCell();
      result.textContent = (o.valueCodeableConcept || {}).text || coding.display || coding.code || '–';
      if (AFIB_POSITIVE.includes(coding.code)) {
        result.className = 'flag high';
        result.textContent += ' ▲';
      }
      tr.insertCell().textContent = heartRate && heartRate.valueQuantity ? heartRate.valueQuantity.value : '–';
      tr.insertCell().textContent = RHYTHM_CODES[localCode] || '–';
      if (stripReference(o)) {
        const under = body.insertRow();
        under.className = 'strip-row';
        const cell = under.insertCell();
        cell.colSpan = 4;
        if (rhythm.strips.has(o)) {
          drawStrip(cell, rhythm.strips.get(o));
        } else {
          offerStrip(cell, o);
        }
      }
    });
    list.dataset.rows = String(found.length);
  }

  /** An older result's strip, read when the clinician asks for it. */
  function offerStrip(cell, result) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Show the ECG strip';
    button.addEventListener('click', () => {
      button.disabled = true;
      stripOf(result).then((strip) => {
        // a redraw meanwhile has replaced this row, and its charts with it
        if (cell.isConnected) {
          cell.replaceChildren();
          drawStrip(cell, strip);
        }
      });
    });
    cell.appendChild(button);
  }

  // the origin units an ECG strip may be in, in millivolts
  const MILLIVOLTS = { uV: 0.001, mV: 1, V: 1000 };
  const LEAD_I = '131329';

  /** An ECG strip as on paper (25 mm/s, 10 mm/mV), scrolling sideways; rate, length and samples said in words. */
  function drawStrip(cell, strip) {
    const sampled = strip && strip.valueSampledData;
    const toMv = sampled && MILLIVOLTS[(sampled.origin || {}).code];
    const points = toMv && sampled.interval && timed(sampled) ? samplesOf(sampled)
      .map((sample) => ({ x: sample.at / 1000, y: sample.datum == null ? null : valueOf(sampled, sample.datum) * toMv })) : [];
    if (points.length === 0) {
      cell.textContent = 'The ECG strip could not be read.';
      return;
    }
    const intervalMs = sampled.interval * TIME_UNITS[sampled.intervalUnit];
    const hertz = Math.round(10000 / intervalMs) / 10;
    const seconds = (points.length * intervalMs) / 1000;
    const lead = ((strip.code || {}).coding || []).some((c) => c.code === LEAD_I) ? 'lead I' : (strip.code || {}).text || 'ECG';
    const figure = document.createElement('figure');
    figure.className = 'strip';
    Object.assign(figure.dataset, { samples: String(points.length), hertz: String(hertz), seconds: seconds.toFixed(1) });
    const caption = document.createElement('figcaption');
    caption.textContent = 'ECG strip, ' + lead + ': ' + hertz + ' Hz, ' + seconds.toFixed(1) + ' s, ' + points.length
      + ' samples, in mV; 25 mm/s, 10 mm/mV.';
    const { low, high } = voltRange(points);
    const paper = document.createElement('div');
    paper.className = 'strip-paper';
    // a scrolling region is reachable by keyboard only when it can take the focus
    paper.tabIndex = 0;
    const sheet = document.createElement('div');
    sheet.className = 'strip-sheet';
    sheet.style.width = Math.ceil(seconds * PX_PER_SECOND + STRIP_Y_AXIS_PX) + 'px';
    sheet.style.height = Math.ceil((high - low) * PX_PER_MV + STRIP_X_AXIS_PX) + 'px';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', caption.textContent);
    sheet.appendChild(canvas);
    paper.appendChild(sheet);
    figure.append(caption, paper);
    cell.appendChild(figure);
    state.charts.push(new Chart(canvas, stripChart(points, seconds, low, high)));
  }

  /** The strip's millivolts rounded out to half a millivolt, and at least -0.5 to 1 mV, a QRS's usual reach. */
  function voltRange(points) {
    const values = points.map((point) => point.y).filter((y) => y != null);
    return {
      low: Math.min(-0.5, Math.floor(Math.min(...values) * 2) / 2),
      high: Math.max(1, Math.ceil(Math.max(...values) * 2) / 2),
    };
  }

  const wholeSecond = (value) => Math.abs(value - Math.round(value)) < 1e-6;

  function stripChart(points, seconds, low, high) {
    // the large squares of ECG paper: 0.2 s by 0.5 mV
    const paper = { color: '#f4b4b4' };
    return {
      type: 'line',
      data: { datasets: [{ data: points, borderColor: '#111827', borderWidth: 1.2, pointRadius: 0, spanGaps: false }] },
      options: {
        animation: false, maintainAspectRatio: false, parsing: false, normalized: true,
        // a strip is read, not pointed at: no hover work over thousands of points
        events: [],
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: {
          x: {
            type: 'linear', min: 0, max: seconds, grid: paper, afterFit: (axis) => { axis.height = STRIP_X_AXIS_PX; },
            ticks: { stepSize: 0.2, autoSkip: false, maxRotation: 0, callback: (value) => (wholeSecond(value) ? Math.round(value) + ' s' : '') },
          },
          y: {
            min: low, max: high, grid: paper, afterFit: (axis) => { axis.width = STRIP_Y_AXIS_PX; },
            ticks: { stepSize: 0.5, callback: (value) => value.toFixed(1) },
          },
        },
      },
    };
  }

  async function linkWithings() {
    const answer = await state.client.request({
      url: 'Patient/' + encodeURIComponent(state.patient) + '/$withings-connect', method: 'POST',
      body: JSON.stringify({ resourceType: 'Parameters' }), headers: { 'Content-Type': 'application/fhir+json' },
    });
    const url = (answer.parameter || []).find((p) => p.name === 'url');
    const link = $('link');
    const address = document.createElement('code');
    address.id = 'link-url';
    address.textContent = url ? url.valueUrl : '?';
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.textContent = 'Copy';
    copy.addEventListener('click', () => navigator.clipboard.writeText(address.textContent)
      .then(() => { copy.textContent = 'Copied'; }, () => { copy.textContent = 'Select the link to copy it'; }));
    const expires = (answer.parameter || []).find((p) => p.name === 'expires');
    link.replaceChildren('Give the patient this link' + (expires ? ' (it expires ' + shortTime(expires.valueInstant) + ')' : '')
      + ': ', address, ' ', copy);
    link.hidden = false;
    await followBackfill(state.patient, true);
  }

  // ---- live: the server's own R5 subscription, over a websocket ----
  // One websocket Subscription per browser tab, to every Withings Observation the clinician may read (the
  // server narrows what it carries to her care teams). Chosen over polling _lastUpdated: a new reading shows
  // within a second, and nothing is asked of the server while nothing happens.

  const TOPIC = 'https://pulsebridge.dev/fhir/SubscriptionTopic/withings-observation';
  const SUBSCRIPTION_KEY = 'pulsebridge.dashboard.subscription';
  const SUBSCRIPTION_HOURS = 12;

  async function subscription() {
    const known = sessionStorage.getItem(SUBSCRIPTION_KEY);
    if (known) {
      try {
        const existing = await state.client.request('Subscription/' + known);
        if (existing.status !== 'off' && Date.parse(existing.end) > Date.now() + 3600000) {
          return { id: known, end: Date.parse(existing.end) };
        }
        await state.client.delete('Subscription/' + known);
      } catch (gone) {
        // deleted meanwhile, or never ours: a new one follows
      }
      sessionStorage.removeItem(SUBSCRIPTION_KEY);
    }
    // it ends by itself after a working day, so a tab that dies without a word leaves nothing behind for long
    const created = await state.client.create({
      resourceType: 'Subscription', status: 'requested', topic: TOPIC, content: 'id-only', heartbeatPeriod: 60,
      end: new Date(Date.now() + SUBSCRIPTION_HOURS * 3600000).toISOString(),
      channelType: { system: 'http://terminology.hl7.org/CodeSystem/subscription-channel-type', code: 'websocket' },
    });
    sessionStorage.setItem(SUBSCRIPTION_KEY, created.id);
    return { id: created.id, end: Date.parse(created.end) };
  }

  async function live() {
    const { id, end } = await subscription();
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
        refreshSoon();
      }
    };
    socket.onclose = () => setTimeout(() => live().catch(showProblem), 5000);
    // an hour before the subscription ends, a new one takes over (subscription() replaces it on reconnect)
    setTimeout(() => socket.close(), Math.max(60000, end - Date.now() - 3600000));
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

  // a backfill brings thousands of events: the page is read again at most once per REFRESH_GAP_MS, a
  // first event shows within a third of a second
  const REFRESH_GAP_MS = 2000;
  const refreshing = { running: false, again: false, last: 0, timer: null };

  function refreshSoon() {
    if (refreshing.running) {
      refreshing.again = true;
      return;
    }
    if (refreshing.timer === null) {
      const wait = Math.max(300, refreshing.last + REFRESH_GAP_MS - Date.now());
      refreshing.timer = setTimeout(() => {
        refreshing.timer = null;
        refresh().catch(showProblem);
      }, wait);
    }
  }

  async function refresh() {
    refreshing.running = true;
    try {
      await loadWorklist();
      if (!$('patient').hidden && state.patient) {
        await Promise.all([drawPatient(state.patient), bpAverages(state.patient)]);
      }
    } finally {
      refreshing.running = false;
      refreshing.last = Date.now();
      if (refreshing.again) {
        refreshing.again = false;
        refreshSoon();
      }
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
