/*
 * The scripts' words in the page's language: gettext, ngettext, pgettext and interpolate, as
 * Django's JavaScript catalogue names them, over the catalogue the page carries in
 * <script type="application/json" id="sw-i18n"> (spinewise/web/language.py). A classic script,
 * loaded before every other one, so modules and plain scripts alike find the functions.
 * Strings are marked in the scripts as gettext("Plain literal"), and `make messages` collects them.
 */
(function () {
  "use strict";
  let data = { lang: "en", plural: "one-other", catalog: {} };
  const block = document.getElementById("sw-i18n");
  if (block) {
    try {
      data = JSON.parse(block.textContent);
    } catch (err) {
      console.warn("spinewise: the page's word list could not be read", err);
    }
  }
  const catalog = data.catalog || {};
  const rules = {
    "one-other": (n) => (n === 1 ? 0 : 1),
    "zero-one": (n) => (n > 1 ? 1 : 0),
    one: () => 0,
  };
  const pluralIndex = rules[data.plural] || rules["one-other"];

  function translated(msgid) {
    const value = catalog[msgid];
    if (value === undefined || value === "") return msgid;
    return typeof value === "string" ? value : value[0];
  }

  function ngettext(singular, plural, count) {
    const value = catalog[singular];
    if (value === undefined || typeof value === "string") {
      return count === 1 ? singular : plural;
    }
    const form = value[pluralIndex(count)];
    return form || (count === 1 ? singular : plural);
  }

  function pgettext(context, msgid) {
    const key = [context, msgid].join(String.fromCharCode(4));
    return key in catalog ? translated(key) : msgid;
  }

  /** interpolate("%(n)s min", {n: 3}, true) or interpolate("%s of %s", [1, 2]). */
  function interpolate(fmt, obj, named) {
    if (named) return fmt.replace(/%\(\w+\)s/g, (match) => String(obj[match.slice(2, -2)]));
    let i = 0;
    return fmt.replace(/%s/g, () => String(obj[i++]));
  }

  globalThis.gettext = translated;
  globalThis.ngettext = ngettext;
  globalThis.pgettext = pgettext;
  globalThis.interpolate = interpolate;
  globalThis.spinewiseLanguage = data.lang;
})();
