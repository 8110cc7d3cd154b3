/**
 * What the respondent form does on a person's own phone (/s/:token), beyond the form itself
 * (enhance.ts): the draft kept on the device, by link, with its client id — restored after a
 * reload, a discarded tab or a language switch, removed once the server has the response —
 * a submission that could not get through sent again by itself (with a growing pause, and
 * when the network comes back, or at the next visit), and the soft one-response-per-browser
 * rule. Not on a kiosk: a kiosk is shared and has its own queue.
 */
import type { FormTexts } from "~/utils/form-texts";
import type { FormHandle } from "./enhance";

interface Draft {
  id: string;
  startedAt: string;
  page: number;
  fields: Array<[string, string]>;
  /** The person pressed "send": send it again as soon as possible. */
  pending?: boolean;
}

const draftKey = (token: string) => `hl:draft:${token}`;
const sentKey = (token: string) => `hl:sent:${token}`;

function get(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function put(key: string, value: string | null) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Private mode or storage full: the form still works, without a draft.
  }
}

export function linkPage(token: string, texts: FormTexts, form: HTMLFormElement) {
  let handle: FormHandle | null = null;
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retries = 0;
  let retryButton: HTMLButtonElement | null = null;

  function load(): Draft | null {
    try {
      const d = JSON.parse(get(draftKey(token)) ?? "null") as Draft | null;
      return d && typeof d.id === "string" && Array.isArray(d.fields) ? d : null;
    } catch {
      return null;
    }
  }

  function save() {
    if (!handle) return;
    const fields = handle.fields();
    if (fields.length === 0 && !pending) return put(draftKey(token), null);
    const draft: Draft = {
      id: handle.id(),
      startedAt: handle.startedAt(),
      page: handle.page(),
      fields,
      ...(pending ? { pending: true } : {}),
    };
    put(draftKey(token), JSON.stringify(draft));
  }

  function notice(text: string, action: string, onClick: () => void, title?: string) {
    const box = document.createElement("div");
    box.className = "hl-notice";
    box.setAttribute("role", "status");
    if (title) {
      const h = document.createElement("h2");
      h.textContent = title;
      box.append(h);
    }
    const p = document.createElement("p");
    p.textContent = text;
    const b = document.createElement("button");
    b.type = "button";
    b.className = "button secondary";
    b.textContent = action;
    b.addEventListener("click", onClick);
    box.append(p, b);
    form.before(box);
    return box;
  }

  function sendAgain() {
    clearTimeout(timer);
    timer = undefined;
    retryButton?.remove();
    retryButton = null;
    void handle?.submit();
  }

  return {
    /** The draft's hooks, for enhanceForm's options. */
    changed: save,
    /** Kept on the device; tried again with a growing pause, and when the network is back. */
    retry() {
      pending = true;
      save();
      retries += 1;
      clearTimeout(timer);
      timer = setTimeout(sendAgain, Math.min(300_000, 5000 * 2 ** (retries - 1)));
      if (!retryButton) {
        retryButton = document.createElement("button");
        retryButton.type = "button";
        retryButton.className = "button secondary";
        retryButton.textContent = texts["form.retry"];
        retryButton.addEventListener("click", sendAgain);
        form.querySelector(".hl-status")?.after(retryButton);
      }
    },
    /** The server has it: no draft any more, and this browser remembers the link was used. */
    stored() {
      clearTimeout(timer);
      put(draftKey(token), null);
      put(sentKey(token), new Date().toISOString());
    },
    /** Takes over the form: restores a draft, or asks whether to answer again. */
    attach(h: FormHandle) {
      handle = h;
      const d = load();
      if (d) {
        h.restore(d.fields, d.id, d.startedAt);
        const box = notice(texts["form.draft"], texts["form.draft.clear"], () => {
          put(draftKey(token), null);
          h.reset();
          box.remove();
        });
      }
      h.start(d?.page);
      window.addEventListener("online", () => {
        if (timer !== undefined) sendAgain();
      });
      // The language switch keeps the answers: the draft goes first, the new page restores it.
      for (const a of document.querySelectorAll<HTMLAnchorElement>("a[data-lang]"))
        a.addEventListener("click", save);
      if (d?.pending) {
        pending = true;
        void h.submit();
      } else if (!d && get(sentKey(token))) {
        // Soft one-response-per-browser rule: a second person on the same phone may still answer.
        form.hidden = true;
        const again = notice(
          texts["form.again.body"],
          texts["form.again.action"],
          () => {
            form.hidden = false;
            again.remove();
          },
          texts["form.again.title"],
        );
      }
    },
  };
}
