// The door page: scan with the phone camera (jsQR on video frames) or type a code; each is posted to
// POST /api/v1/events/{id}/checkin. The server decides (signature, event, once only); this only shows it.
(function () {
  const form = document.getElementById("manual-form");
  const input = document.getElementById("code-input");
  const result = document.getElementById("checkin-result");
  const csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
  let busy = false;
  let lastCode = "";
  let lastAt = 0;

  function show(ok, text) {
    result.className = "alert mt-3 " + (ok ? "alert-success" : "alert-danger");
    result.textContent = text;
  }

  async function submit(code) {
    if (!code || busy) return;
    busy = true;
    try {
      const resp = await fetch(form.dataset.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ code: code, device: navigator.userAgent.slice(0, 40) }),
        credentials: "same-origin",
      });
      const data = await resp.json().catch(() => ({}));
      if (resp.ok) {
        show(true, "签到成功：" + data.name + (data.enterprise ? "（" + data.enterprise + "）" : ""));
        document.getElementById("door-count").textContent = data.checked_in + " / " + data.confirmed;
      }
      else show(false, data.message || "签到失败");
    } catch (e) {
      show(false, "网络错误，请重试");
    } finally {
      busy = false;
    }
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    submit(input.value.trim());
    input.value = "";
    input.focus();
  });

  document.getElementById("start-camera").addEventListener("click", async function () {
    const video = document.getElementById("camera");
    const canvas = document.getElementById("frame");
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    try {
      video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch (e) {
      show(false, "无法打开摄像头，请改用手工输入");
      return;
    }
    video.style.display = "block";
    await video.play();
    function tick() {
      if (video.readyState === video.HAVE_ENOUGH_DATA) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        ctx.drawImage(video, 0, 0);
        const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
        const found = window.jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" });
        // The same code in front of the camera for a moment is one scan, not many.
        if (found && (found.data !== lastCode || Date.now() - lastAt > 3000)) {
          lastCode = found.data;
          lastAt = Date.now();
          submit(found.data);
        }
      }
      requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  });
})();
