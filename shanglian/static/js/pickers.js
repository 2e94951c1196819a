/* Type-ahead pickers (core/pickers.py): every <select data-picker> becomes a Tom Select that asks the one
   search endpoint for rows of the user's scope as the user types. Runs on page load and on htmx swaps. */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function attach(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var url = select.dataset.pickerUrl;
    var params = "kind=" + encodeURIComponent(select.dataset.picker) + (select.dataset.pickerWrite ? "&write=1" : "");
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      maxOptions: 20,
      loadThrottle: 250,
      placeholder: select.dataset.placeholder || "输入名称搜索",
      allowEmptyOption: !select.multiple,
      plugins: select.multiple ? ["remove_button"] : [],
      shouldLoad: function (query) { return query.length > 0; },
      load: function (query, callback) {
        fetch(url + "?" + params + "&q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { callback(data.results); })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () { return '<div class="no-results">没有找到匹配的记录</div>'; },
        loading: function () { return '<div class="spinner-border spinner-border-sm m-2"></div>'; },
        option: function (item) { return "<div>" + escapeHtml(item.text) + "</div>"; },
        item: function (item) { return "<div>" + escapeHtml(item.text) + "</div>"; },
      },
    });
  }

  function attachAll(root) {
    (root || document).querySelectorAll("select[data-picker]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", function () { attachAll(document); });
  document.addEventListener("htmx:load", function (event) { attachAll(event.detail.elt); });
})();
