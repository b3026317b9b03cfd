// A stand-in for https://telegram.org/js/telegram-web-app.js in the browser tests (no
// internet there). The test sets window.__tgStub = {initData, user, themeParams,
// colorScheme} with an init script; this file provides the part of Telegram.WebApp the
// page uses and sets the --tg-theme-* CSS variables as the real script does.
(function () {
  "use strict";
  var stub = window.__tgStub || {};
  var theme = stub.themeParams || {};
  var root = document.documentElement;
  Object.keys(theme).forEach(function (key) {
    root.style.setProperty("--tg-theme-" + key.replace(/_/g, "-"), theme[key]);
  });
  root.style.setProperty("--tg-viewport-height", window.innerHeight + "px");
  var calls = [];
  window.Telegram = {
    WebApp: {
      initData: stub.initData || "",
      initDataUnsafe: { user: stub.user || null, auth_date: stub.authDate || 0 },
      themeParams: theme,
      colorScheme: stub.colorScheme || "light",
      platform: "unknown",
      version: "8.0",
      isExpanded: false,
      ready: function () { calls.push("ready"); },
      expand: function () { calls.push("expand"); this.isExpanded = true; },
      onEvent: function () {},
      offEvent: function () {},
      _calls: calls
    }
  };
})();
