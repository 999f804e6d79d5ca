// Evenhand review page behaviour: link claims and their evidence marks, keyboard navigation,
// corrections posted as new revisions. Everything the server renders works without this file.
"use strict";
(() => {
  const data = JSON.parse(document.getElementById("review-data")?.textContent || "null");
  const notice = document.getElementById("notice");
  const say = (message) => { notice.textContent = message; };

  const login = document.getElementById("login");
  if (login) {
    login.addEventListener("submit", async (event) => {
      event.preventDefault();
      const reply = await fetch("/review/login", {
        method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({key: login.elements.key.value}),
      });
      if (reply.ok) location.href = "/review"; else say((await reply.json()).error.message);
    });
  }
  if (!data) return;

  const claims = [...document.querySelectorAll(".claim")];
  const marksOf = (id) => document.querySelectorAll(`mark[data-claim~="${CSS.escape(id)}"]`);
  const activate = (ids, on) => {
    for (const id of ids) {
      marksOf(id).forEach((m) => m.classList.toggle("active", on));
      document.getElementById(`claim-${id}`)?.classList.toggle("active", on);
    }
  };
  for (const claim of claims) {
    const id = claim.dataset.claim;
    claim.addEventListener("mouseenter", () => activate([id], true));
    claim.addEventListener("mouseleave", () => activate([id], false));
    claim.addEventListener("focus", () => {
      activate([id], true);
      marksOf(id)[0]?.scrollIntoView({block: "nearest"});
    });
    claim.addEventListener("blur", () => activate([id], false));
  }
  for (const mark of document.querySelectorAll("mark[data-claim]")) {
    const ids = mark.dataset.claim.split(" ");
    mark.addEventListener("mouseenter", () => activate(ids, true));
    mark.addEventListener("mouseleave", () => activate(ids, false));
    mark.addEventListener("click", () => document.getElementById(`claim-${ids[0]}`)?.focus());
  }

  async function send(change) {
    const reply = await fetch(`/v1/extractions/${encodeURIComponent(data.id)}/revisions`, {
      method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({base: data.revision, change}),
    });
    if (reply.status === 201) { location.reload(); return true; }
    const body = await reply.json().catch(() => null);
    say(body?.error?.message || `correction failed (${reply.status})`);
    return false;
  }

  // --- claim dialog: edit a claim, or add one from the selected text -----------------------
  const dialog = document.getElementById("claim-dialog");
  const form = dialog.querySelector("form");
  const rows = dialog.querySelector(".figure-rows");
  const rowTemplate = document.getElementById("figure-row");
  const num = (value) => (value === "" ? null : Number(value));
  const text = (value) => (value.trim() === "" ? null : value.trim());

  function addFigureRow(figure = {}) {
    const row = rowTemplate.content.firstElementChild.cloneNode(true);
    for (const field of ["category", "party", "group", "low", "high", "qualifier"]) {
      if (figure[field] !== undefined && figure[field] !== null) row.querySelector(`[name=${field}]`).value = figure[field];
    }
    row.querySelector("[data-op=remove-figure]").addEventListener("click", () => row.remove());
    rows.append(row);
  }
  dialog.querySelector("[data-op=add-figure]").addEventListener("click", () => addFigureRow());

  let pending = null;  // what Save does: {op, claim_id} or {op, start, end, text}
  function openClaim(claim, target) {
    pending = target;
    form.reset();
    rows.replaceChildren();
    const f = form.elements;
    f.source_name.value = claim?.source.name ?? "";
    f.source_type.value = claim?.source.type ?? "other";
    f.source_side.value = claim?.source.side ?? "";
    f.kind.value = claim?.kind ?? "event_report";
    f.statement.value = claim?.statement ?? (target.text || "");
    f.incident_id.value = claim?.incident_id ?? "";
    (claim?.figures ?? []).forEach(addFigureRow);
    dialog.querySelector(".selection").textContent = target.text ? `“${target.text}”` : "";
    dialog.showModal();
  }
  function fields() {
    const f = form.elements;
    return {
      source: {name: f.source_name.value.trim(), type: f.source_type.value, side: text(f.source_side.value)},
      kind: f.kind.value,
      statement: f.statement.value.trim(),
      incident_id: f.incident_id.value || null,
      figures: [...rows.querySelectorAll(".figure-row")].map((row) => ({
        category: row.querySelector("[name=category]").value,
        party: text(row.querySelector("[name=party]").value),
        group: text(row.querySelector("[name=group]").value),
        low: num(row.querySelector("[name=low]").value),
        high: num(row.querySelector("[name=high]").value),
        qualifier: row.querySelector("[name=qualifier]").value,
      })),
    };
  }
  dialog.addEventListener("close", () => {
    if (dialog.returnValue !== "save" || !pending) return;
    send({...pending, claim: fields()});
  });

  function act(claimEl, op) {
    const id = claimEl.dataset.claim;
    if (op === "accept" || op === "reject") send({op, claim_id: id});
    if (op === "edit") openClaim(data.claims[id], {op: "edit_claim", claim_id: id});
  }
  for (const claim of claims) {
    claim.querySelectorAll(".actions button").forEach((button) =>
      button.addEventListener("click", () => act(claim, button.dataset.op)));
  }

  // Offsets of the selection in the article text: the text before it, counted as characters
  // the way the server counts them (code points).
  const article = document.getElementById("article");
  const addButton = document.getElementById("add-claim");
  const length = (s) => [...s].length;
  let selection = null;
  document.addEventListener("selectionchange", () => {
    const sel = window.getSelection();
    selection = null;
    if (sel.rangeCount && !sel.isCollapsed && article.contains(sel.anchorNode) && article.contains(sel.focusNode)) {
      const range = sel.getRangeAt(0);
      const before = document.createRange();
      before.setStart(article, 0);
      before.setEnd(range.startContainer, range.startOffset);
      const chosen = range.toString();
      const start = length(before.toString());
      selection = {op: "add_claim", start, end: start + length(chosen), text: chosen};
    }
    addButton.disabled = !selection;
  });
  addButton.addEventListener("click", () => { if (selection) openClaim(null, selection); });

  // --- incidents -----------------------------------------------------------------------------
  const incidentDialog = document.getElementById("incident-dialog");
  const incidentForm = incidentDialog.querySelector("form");
  let incidentId = null;
  function openIncident(incident, id) {
    incidentId = id;
    incidentForm.reset();
    const f = incidentForm.elements;
    f.title.value = incident?.title ?? "";
    f.event_type.value = incident?.event_type ?? "other";
    f.date.value = incident?.date ?? "";
    f.location_name.value = incident?.location?.name ?? "";
    f.location_country.value = incident?.location?.country ?? "";
    f.actors.value = (incident?.actors ?? []).join(", ");
    incidentDialog.showModal();
  }
  incidentDialog.addEventListener("close", () => {
    if (incidentDialog.returnValue !== "save") return;
    const f = incidentForm.elements;
    send({op: "edit_incident", incident: {
      id: incidentId, title: f.title.value.trim(), event_type: f.event_type.value,
      date: text(f.date.value),
      location: {name: text(f.location_name.value), country: text(f.location_country.value)},
      actors: f.actors.value.split(",").map((a) => a.trim()).filter(Boolean),
    }});
  });
  document.querySelectorAll("[data-op=edit-incident]").forEach((button) => {
    const id = button.closest(".incident").dataset.incident;
    button.addEventListener("click", () => openIncident(data.incidents[id], id));
  });
  document.querySelector("[data-op=new-incident]")?.addEventListener("click", () => {
    let n = Object.keys(data.incidents).length + 1;
    while (data.incidents[`i${n}`]) n += 1;
    openIncident(null, `i${n}`);
  });

  // --- keyboard: j/k move between claims, a/r/e act on the focused one -------------------------
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select, dialog") || event.ctrlKey || event.metaKey || event.altKey) return;
    const current = claims.indexOf(document.activeElement);
    if (event.key === "j" || event.key === "k") {
      const step = event.key === "j" ? 1 : -1;
      const next = claims[Math.max(0, Math.min(claims.length - 1, current + step))];
      if (current === -1) claims[0]?.focus(); else next?.focus();
      event.preventDefault();
    } else if (current !== -1 && {a: "accept", r: "reject", e: "edit"}[event.key]) {
      act(claims[current], {a: "accept", r: "reject", e: "edit"}[event.key]);
      event.preventDefault();
    }
  });
})();
