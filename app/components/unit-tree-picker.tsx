/**
 * Units as a tree of checkboxes, for a campaign's scope: big touch targets, no Ctrl-click.
 * Without JavaScript it is a plain list of checkboxes; once hydrated, a search box filters it
 * (by name or code, without diacritics; the ancestors of a match stay visible), and a ticked
 * unit shows the units below it as included. A hidden unit's ticked box is still sent.
 */
import { useEffect, useMemo, useState } from "react";
import { foldText } from "~/domain/dashboard";
import type { Translate } from "~/utils/i18n";

export interface PickerUnit {
  id: string;
  name: string;
  code: string;
  parentId: string | null;
}

interface Node extends PickerUnit {
  children: Node[];
}

function buildTree(units: readonly PickerUnit[]): Node[] {
  const nodes = new Map(units.map((u) => [u.id, { ...u, children: [] as Node[] }]));
  const roots: Node[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

export function UnitTreePicker({
  units,
  name,
  legend,
  t,
  defaultChecked = [],
}: {
  units: readonly PickerUnit[];
  name: string;
  legend: string;
  t: Translate;
  defaultChecked?: readonly string[];
}) {
  const roots = useMemo(() => buildTree(units), [units]);
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set(defaultChecked));
  const [query, setQuery] = useState("");
  // The search box only works with JavaScript: shown after hydration.
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);

  const words = foldText(query).split(/\s+/).filter(Boolean);
  const matches = (u: PickerUnit) => {
    const hay = foldText(`${u.name} ${u.code}`);
    return words.every((w) => hay.includes(w));
  };
  // A node is shown when it or a unit below it matches.
  const shown = new Set<string>();
  const mark = (n: Node): boolean => {
    let any = matches(n);
    for (const c of n.children) any = mark(c) || any;
    if (any) shown.add(n.id);
    return any;
  };
  roots.forEach(mark);

  // Ticked units not already inside another ticked one: what the scope will be.
  const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
  const insideChecked = (id: string) => {
    for (let p = parentOf.get(id); p; p = parentOf.get(p)) if (checked.has(p)) return true;
    return false;
  };
  const chosen = [...checked].filter((id) => !insideChecked(id)).length;

  const toggle = (id: string, on: boolean) =>
    setChecked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const render = (nodes: Node[], included: boolean) => (
    <ul className="unit-tree">
      {nodes.map((n) => {
        const isChecked = checked.has(n.id);
        return (
          <li key={n.id} hidden={live && words.length > 0 && !shown.has(n.id)}>
            <label className="check">
              <input
                type="checkbox"
                name={name}
                value={n.id}
                checked={included || isChecked}
                disabled={included}
                onChange={(e) => toggle(n.id, e.currentTarget.checked)}
              />
              <span>
                {n.name} <small className="muted">({n.code})</small>
                {included && <small className="muted"> — {t("picker.included")}</small>}
              </span>
            </label>
            {n.children.length > 0 && render(n.children, included || isChecked)}
          </li>
        );
      })}
    </ul>
  );

  return (
    <fieldset className="unit-picker" data-testid="unit-picker">
      <legend>{legend}</legend>
      {live && (
        <label className="unit-picker-search">
          {t("picker.search")}
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            autoComplete="off"
          />
        </label>
      )}
      <p className="muted" aria-live="polite">
        {t("picker.chosen", { n: chosen })}
      </p>
      <div className="unit-tree-scroll">{render(roots, false)}</div>
    </fieldset>
  );
}
