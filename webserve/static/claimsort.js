// Runs before textual.js connects (at window load): the socket's address is this page's
// own, whatever name the student opened it by, and small screens get a smaller font so
// the game has room for its 40 columns.
(function () {
  "use strict";
  var terminal = document.getElementById("terminal");
  if (!terminal) {
    return;
  }
  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  terminal.dataset.sessionWebsocketUrl =
    scheme + "//" + window.location.host + terminal.dataset.sessionPath;
  var width = Math.min(window.innerWidth, window.screen ? window.screen.width : window.innerWidth);
  if (width < 420) {
    terminal.dataset.fontSize = "13";
  } else if (width < 700) {
    terminal.dataset.fontSize = "14";
  }
})();
