// Keep the 72-hour breach clock current without reloading the page.
(function () {
  var box = document.querySelector('[data-testid="clock"]');
  var label = box && box.querySelector('.js-countdown');
  if (!label || box.dataset.notified === 'true') { return; }
  var deadline = new Date(box.dataset.deadline).getTime();
  var english = document.documentElement.lang === 'en';
  function tick() {
    var left = Math.max(0, deadline - Date.now());
    var h = Math.floor(left / 3600000), m = Math.floor(left % 3600000 / 60000);
    label.textContent = english ? h + ' h ' + m + ' min left' : 'Còn ' + h + ' giờ ' + m + ' phút';
  }
  tick();
  setInterval(tick, 30000);
}());
