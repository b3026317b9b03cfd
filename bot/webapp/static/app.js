"use strict";
window.Telegram.WebApp.ready();
document.getElementById("status").textContent = "ready";
