// The page's texts (from /api/session) and number formatting in the admin's language.

export const i18n = { texts: {}, lang: "en" };

// A text of /api/session; its {name} placeholders filled from vars (as text, never HTML).
export function t(key, vars) {
  const text = i18n.texts[key] || key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

export function number(n) {
  return new Intl.NumberFormat(i18n.lang).format(n);
}
