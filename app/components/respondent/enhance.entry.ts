/**
 * The respondent page's only script (≤ 30 KB gzip, js.survey_gzip_kb in npm run bench): no
 * React, no survey-core. The page works without it; with it the form runs its conditions,
 * pages and checks in the browser and sends through the API, keeping a draft on the device.
 */
import { outcomeOf } from "../kiosk/queue";
import { ENHANCE_DATA_ID, type EnhanceData } from "./enhance-data";
import { enhanceForm, type FormSubmission, type SendOutcome } from "./enhance";
import { linkPage } from "./link-page";

const data = JSON.parse(document.getElementById(ENHANCE_DATA_ID)!.textContent!) as EnhanceData;
const form = document.getElementById("hl-form") as HTMLFormElement | null;

async function send(item: FormSubmission): Promise<SendOutcome> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 30_000);
  try {
    const res = await fetch("/api/v1/responses", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(item),
      signal: abort.signal,
    });
    const body = (await res.json().catch(() => ({}))) as {
      error?: string;
      message?: string;
      errors?: Array<{ question: string; code: string }>;
    };
    const outcome = outcomeOf(res.status, body.error);
    if (outcome === "stored") return { kind: "stored" };
    if (outcome === "retry") return { kind: "retry" };
    return { kind: "refused", errors: body.errors, message: body.message };
  } catch {
    return { kind: "retry" };
  } finally {
    clearTimeout(timer);
  }
}

/** The thank-you page, in place of the form. */
function thanks() {
  const main = document.getElementById("main")!;
  const h1 = document.createElement("h1");
  h1.textContent = data.texts["form.thanks.title"];
  h1.tabIndex = -1;
  const p = document.createElement("p");
  p.textContent = data.texts["form.thanks.body"];
  const box = document.createElement("div");
  box.className = "hl-thanks";
  box.setAttribute("role", "status");
  box.append(h1, p);
  main.replaceChildren(box);
  window.scrollTo(0, 0);
  h1.focus();
}

if (form) {
  const page = linkPage(data.token, data.texts, form);
  const handle = enhanceForm(form, {
    ...data,
    send,
    history: true,
    changed: page.changed,
    retry: page.retry,
    done() {
      page.stored();
      thanks();
    },
  });
  page.attach(handle);
}
