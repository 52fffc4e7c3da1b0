// The media picker of the rich-text editor: "Chèn ảnh" opens a modal
// <dialog> listing the site's uploaded images (GET /quan-tri/s/SITE/tep.json,
// newest first, page by page), where an editor picks one or uploads a new
// one (POST /quan-tri/s/SITE/tep, the media page's own form handler), then
// writes the alternative text, which is required, before the image goes
// into the document. The dialog has a heading, takes the focus, closes on
// Escape and with its close button, and gives the focus back.

export const pickerLabels = {
  vi: {
    pickTitle: "Chèn ảnh", close: "Đóng", library: "Ảnh đã tải lên", more: "Xem thêm ảnh",
    loading: "Đang tải danh sách ảnh…", none: "Trang này chưa có ảnh nào. Hãy tải ảnh lên ở dưới.",
    count: (n) => n + " ảnh", loadFail: "Không tải được danh sách ảnh. Hãy thử lại.",
    upload: "Tải ảnh mới lên", file: "Tệp ảnh (JPEG, PNG, WebP, GIF; tối đa 15 MB)", uploadAlt: "Mô tả ảnh (alt), nếu đã có",
    send: "Tải lên", sending: "Đang tải ảnh lên…", uploadFail: "Không tải ảnh lên được.", chooseFile: "Hãy chọn một tệp ảnh.",
    altTitle: "Mô tả ảnh", alt: "Mô tả ảnh cho người không xem được ảnh (alt, bắt buộc)",
    altHelp: "Tả ngắn gọn điều ảnh cho thấy, ví dụ: “Lãnh đạo tỉnh trao bằng khen cho các tập thể”. Ảnh không có mô tả sẽ bị chặn khi kiểm tra trước khi đăng.",
    altMissing: "Hãy nhập mô tả ảnh: ảnh không có mô tả không được đăng.",
    insert: "Chèn ảnh vào bài", back: "Chọn ảnh khác", chosen: "Ảnh đã chọn",
  },
  en: {
    pickTitle: "Insert image", close: "Close", library: "Uploaded images", more: "More images",
    loading: "Loading the images…", none: "No images on this page yet. Upload one below.",
    count: (n) => n + (n === 1 ? " image" : " images"), loadFail: "The images could not be loaded. Please try again.",
    upload: "Upload a new image", file: "Image file (JPEG, PNG, WebP, GIF; up to 15 MB)", uploadAlt: "Description (alt), if you have one",
    send: "Upload", sending: "Uploading the image…", uploadFail: "The image could not be uploaded.", chooseFile: "Choose an image file.",
    altTitle: "Describe the image", alt: "Description for those who cannot see the image (alt, required)",
    altHelp: "Say briefly what the image shows, e.g. “Provincial leaders award certificates of merit”. An image without a description is stopped by the checks before publication.",
    altMissing: "Enter a description: an image without one cannot be published.",
    insert: "Insert the image", back: "Choose another image", chosen: "Chosen image",
  },
};

let seq = 0;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v;
    else if (k === "hidden") e.hidden = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

// openPicker shows the dialog. insert(src, alt) puts the chosen image in
// the document; opener gets the focus back when the dialog is closed
// without inserting.
export function openPicker({ site, t, opener, insert }) {
  const n = ++seq;
  const id = (s) => "picker-" + n + "-" + s;
  const base = "/quan-tri/s/" + encodeURIComponent(site) + "/tep";
  let inserted = false;

  const title = el("h2", { id: id("title"), tabindex: "-1", text: t.pickTitle });
  const close = el("button", { type: "button", class: "picker-close secondary", text: t.close });
  const head = el("div", { class: "picker-head" }, title, close);

  // Step 1: the library and the upload form.
  const status = el("p", { id: id("status"), class: "picker-status", role: "status" });
  const grid = el("ul", { class: "picker-grid", "aria-labelledby": id("lib") });
  const more = el("button", { type: "button", class: "secondary", text: t.more, hidden: true });
  const library = el("section", { class: "picker-library", "aria-labelledby": id("lib") },
    el("h3", { id: id("lib"), text: t.library }), status, grid, el("p", {}, more));

  const file = el("input", { id: id("file"), name: "file", type: "file", accept: "image/jpeg,image/png,image/webp,image/gif", required: "" });
  const upAlt = el("input", { id: id("upalt"), name: "alt", type: "text" });
  const upError = el("p", { id: id("uperr"), class: "field-error", role: "alert", hidden: true });
  const send = el("button", { type: "submit", text: t.send });
  const upForm = el("form", { class: "form picker-upload", "aria-labelledby": id("up"), novalidate: "" },
    el("h3", { id: id("up"), text: t.upload }),
    el("p", {}, el("label", { for: id("file"), text: t.file }), file),
    el("p", {}, el("label", { for: id("upalt"), text: t.uploadAlt }), upAlt),
    upError, el("p", {}, send));
  const choose = el("div", { class: "picker-choose" }, library, upForm);

  // Step 2: the alternative text of the chosen image.
  const preview = el("img", { class: "picker-preview", alt: "" });
  const altInput = el("input", { id: id("alt"), name: "alt", type: "text", required: "", "aria-required": "true",
    "aria-describedby": id("althelp") });
  const altError = el("p", { id: id("alterr"), class: "field-error", hidden: true });
  const altForm = el("form", { class: "form picker-alt", "aria-labelledby": id("alttitle"), novalidate: "", hidden: true },
    el("h3", { id: id("alttitle"), tabindex: "-1", text: t.altTitle }),
    el("figure", {}, preview, el("figcaption", { class: "help", text: t.chosen })),
    el("p", {}, el("label", { for: id("alt"), text: t.alt }), altError, altInput,
      el("span", { id: id("althelp"), class: "help", text: t.altHelp })),
    el("p", { class: "picker-actions" }, el("button", { type: "submit", text: t.insert }),
      el("button", { type: "button", class: "secondary picker-back", text: t.back })));

  const dialog = el("dialog", { class: "picker", "aria-labelledby": id("title") }, head, choose, altForm);
  document.body.append(dialog);

  let chosen = null;
  let next = 1;
  let shown = [];

  function choosePage() {
    altForm.hidden = true;
    choose.hidden = false;
  }
  function pick(img) {
    chosen = img;
    preview.src = img.thumb;
    altInput.value = img.alt || "";
    altInput.removeAttribute("aria-invalid");
    altInput.setAttribute("aria-describedby", id("althelp"));
    altError.hidden = true;
    choose.hidden = true;
    altForm.hidden = false;
    altInput.focus();
  }
  function show(images, focusFirst) {
    let first = null;
    for (const img of images) {
      const label = img.alt ? img.alt : img.name;
      const b = el("button", { type: "button", class: "picker-item" },
        el("img", { src: img.thumb, alt: "", width: "160", height: "120", loading: "lazy" }),
        el("span", { text: label }));
      b.addEventListener("click", () => pick(img));
      grid.append(el("li", {}, b));
      first = first || b;
    }
    shown = shown.concat(images);
    if (focusFirst && first) first.focus();
  }
  async function load(page, focusFirst) {
    status.textContent = t.loading;
    more.hidden = true;
    try {
      const res = await fetch(base + ".json?trang=" + page, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!res.ok) throw new Error(String(res.status));
      const data = await res.json();
      show(data.images, focusFirst);
      next = data.next || 0;
      more.hidden = !next;
      status.textContent = shown.length ? t.count(shown.length) : t.none;
      return data.images;
    } catch (e) {
      status.textContent = t.loadFail;
      more.hidden = !next;
      return null;
    }
  }
  more.addEventListener("click", async () => {
    // Skip pages of attachments only, so the button always brings images.
    let got = [];
    while (next && got && !got.length) got = await load(next, true);
  });

  async function sha256(f) {
    if (!window.crypto || !crypto.subtle) return "";
    const sum = await crypto.subtle.digest("SHA-256", await f.arrayBuffer());
    return Array.from(new Uint8Array(sum), (b) => b.toString(16).padStart(2, "0")).join("");
  }
  function uploadFailed(msg) {
    upError.textContent = msg;
    upError.hidden = false;
    file.setAttribute("aria-invalid", "true");
    file.setAttribute("aria-describedby", id("uperr"));
    send.disabled = false;
    status.textContent = "";
  }
  upForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    upError.hidden = true;
    file.removeAttribute("aria-invalid");
    file.removeAttribute("aria-describedby");
    const f = file.files && file.files[0];
    if (!f) return uploadFailed(t.chooseFile);
    send.disabled = true;
    status.textContent = t.sending;
    let res;
    try {
      // The media page's form, sent by the same origin: the portal's
      // cross-origin protection lets it through.
      res = await fetch(base, { method: "POST", body: new FormData(upForm), credentials: "same-origin" });
    } catch (e) {
      return uploadFailed(t.uploadFail);
    }
    if (!res.ok) {
      // The handler answers with the media page and its messages.
      const page = new DOMParser().parseFromString(await res.text(), "text/html");
      const msgs = Array.from(page.querySelectorAll(".errors li"), (li) => li.textContent.trim()).filter(Boolean);
      return uploadFailed(msgs.length ? msgs.join(" ") : t.uploadFail + " (HTTP " + res.status + ")");
    }
    send.disabled = false;
    // The upload is the newest image, or, when the same bytes were
    // uploaded before, the older one with the same SHA-256.
    const sum = await sha256(f);
    grid.replaceChildren();
    shown = [];
    await load(1, false);
    const img = shown.find((m) => sum && m.sha256 === sum) || shown.find((m) => m.name === f.name) || shown[0];
    upForm.reset();
    if (img) pick(img);
  });

  altForm.querySelector(".picker-back").addEventListener("click", () => {
    choosePage();
    title.focus();
  });
  altForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const alt = altInput.value.trim();
    if (!alt) {
      altError.textContent = t.altMissing;
      altError.hidden = false;
      altInput.setAttribute("aria-invalid", "true");
      altInput.setAttribute("aria-describedby", id("alterr") + " " + id("althelp"));
      altInput.focus();
      return;
    }
    inserted = true;
    dialog.close();
    insert(chosen.url, alt);
  });

  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (!inserted && opener) opener.focus();
  });

  dialog.showModal(); // Escape closes a modal dialog (the cancel event)
  title.focus();
  load(1, false);
}
