// The people list: "select all on this page" ticks or clears every person's box, and ticking
// a person chooses "the people ticked" over "all that match".
(function () {
  var all = document.getElementById('select-page');
  if (!all) return;
  var boxes = function () { return document.querySelectorAll('input[name=person]'); };
  all.hidden = false;
  all.closest('label').hidden = false;
  all.addEventListener('change', function () {
    boxes().forEach(function (b) { b.checked = all.checked; });
    var ticked = document.getElementById('scope-ticked');
    if (ticked) ticked.checked = true;
  });
  boxes().forEach(function (b) {
    b.addEventListener('change', function () {
      var ticked = document.getElementById('scope-ticked');
      if (ticked) ticked.checked = true;
    });
  });
})();
