// A holder's survey, painted before the app runs: the page as it was when the holder last left
// it, kept on this device then, shown at once on their next visit (by `index.html`, which
// paints it before this file comes) and answerable with its own fields; the app takes it over
// once it runs, with every answer given meanwhile. `index.html` loads this file when it has
// painted a survey, and once the first screen is up on every page but a phone's.
(() => {
  // Keeping: when the holder leaves the page (or their phone hides it), the survey on screen is
  // kept with what its fields hold, under the address, the build and the language it was drawn
  // for (`index.html` paints it only for the same). Only the app's survey pages say they can be
  // (`data-prepaint`); a device locked as a kiosk keeps nothing.
  const FIELDS = "input, textarea, select";
  if (!window.bilanKeep) {
    window.bilanKeep = () => {
      try {
        // While a snapshot is still on the page, the one kept is still the latest.
        if (document.getElementById("prepaint") || !document.querySelector("[data-prepaint]")) return;
        if (localStorage.getItem("bilan.kiosk")) return;
        const app = [...document.body.children].filter((el) => !/^(SCRIPT|NOSCRIPT)$/.test(el.tagName));
        const copies = app.map((el) => el.cloneNode(true));
        copies.forEach((copy, i) => {
          const live = app[i].querySelectorAll(FIELDS);
          copy.querySelectorAll(FIELDS).forEach((field, j) => {
            const was = live[j];
            if (field.type === "checkbox" || field.type === "radio") field.toggleAttribute("checked", was.checked);
            else if (field.tagName === "TEXTAREA") field.textContent = was.value;
            else if (field.tagName === "SELECT") [...field.options].forEach((o, k) => o.toggleAttribute("selected", was.options[k].selected));
            else field.setAttribute("value", was.value);
          });
          // A radio is one of a group by its name across the page: the snapshot's are named
          // apart from the app's, which wait behind it with the same answers.
          for (const named of copy.querySelectorAll("[name]")) named.name = `prepaint-${named.name}`;
          // The page's policy refuses styles written in markup: kept aside, set again through
          // each element's style when painted.
          for (const styled of [copy, ...copy.querySelectorAll("[style]")]) {
            const style = styled.getAttribute("style");
            if (style) {
              styled.dataset.prepaintStyle = style;
              styled.removeAttribute("style");
            }
          }
        });
        localStorage.setItem("bilan.prepaint", copies.map((el) => el.outerHTML).join(""));
        // The language the page is drawn in (the app says it on the page), which another tab
        // may have changed since in `localStorage`.
        localStorage.setItem("bilan.prepaint.at", `{{build}} ${document.documentElement.lang} ${location.pathname}${location.search}`);
      } catch {
        // A full or refused storage: the next visit waits for the app, as without a snapshot.
        try {
          localStorage.removeItem("bilan.prepaint.at");
        } catch {}
      }
    };
    addEventListener("pagehide", window.bilanKeep);
    document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && window.bilanKeep());
  }

  // Handing over: the app calls this once its survey is on the page, or once it knows it
  // cannot show it (its data or its code could not be read). The snapshot goes, each field the
  // holder changed in it is changed in the app's own, as a tap or typing would, then the button
  // they pressed last is pressed.
  const root = document.getElementById("prepaint");
  if (!root || root.taken) return;
  root.taken = true;
  const changed = (field) =>
    field.tagName === "SELECT"
      ? [...field.options].some((o) => o.selected !== o.defaultSelected)
      : field.type === "checkbox" || field.type === "radio"
        ? field.checked !== field.defaultChecked
        : field.value !== field.defaultValue;
  const takeOver = () => {
    if (!root.isConnected) return;
    const focused = root.contains(document.activeElement) ? document.activeElement.id : "";
    const given = [...root.querySelectorAll(FIELDS)].filter((field) => field.id && changed(field));
    // The question at the top of the screen stays where it is, whatever the app shows above it
    // (a notice the snapshot did not have).
    const anchor = [...root.querySelectorAll("[data-question]")].find((q) => q.getBoundingClientRect().bottom > 0);
    const top = anchor?.getBoundingClientRect().top;
    const y = scrollY;
    root.remove();
    const same = anchor && document.querySelector(`[data-question="${anchor.dataset.question}"]`);
    if (same) scrollBy(0, same.getBoundingClientRect().top - top);
    else scrollTo(0, y);
    for (const was of given) {
      const field = document.getElementById(was.id);
      if (!field || field.tagName !== was.tagName) continue;
      if (was.type === "checkbox" || was.type === "radio") {
        // A radio is unchecked by checking another of its group.
        if (field.checked !== was.checked && (was.checked || was.type === "checkbox")) field.click();
      } else if (field.value !== was.value) {
        field.value = was.value;
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
    const pressed = root.pressed;
    if (pressed) {
      const text = pressed.textContent.trim();
      [...document.querySelectorAll(pressed.tagName)]
        .find((el) => el.className === pressed.className && el.textContent.trim() === text)
        ?.click();
    }
  };
  window.bilanTakeOver = takeOver;
  // The app asked before this file came.
  if (root.wanted) takeOver();
})();
