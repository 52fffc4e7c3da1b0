// The rich-text editor of Cổng's item form. It enhances the HTML textarea
// (which keeps working without JavaScript): TipTap (ProseMirror) edits,
// paste from Word arrives as structured HTML, and the textarea receives
// the HTML on every change. The server sanitises whatever it receives.
import { Editor } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import Link from "@tiptap/extension-link";
import Image from "@tiptap/extension-image";
import { openPicker, pickerLabels } from "./picker.js";

const labels = {
  vi: { bold: "Đậm", italic: "Nghiêng", h2: "Tiêu đề mục", h3: "Tiêu đề nhỏ", ul: "Danh sách", ol: "Danh sách số",
        quote: "Trích dẫn", link: "Liên kết", unlink: "Bỏ liên kết", image: "Chèn ảnh", undo: "Hoàn tác", redo: "Làm lại",
        linkPrompt: "Địa chỉ liên kết (https://… hoặc /đường-dẫn):", imagePrompt: "Địa chỉ ảnh (/media/…):",
        altPrompt: "Mô tả ảnh cho người không xem được ảnh (alt):", toolbar: "Công cụ định dạng", html: "Sửa mã HTML",
        ...pickerLabels.vi },
  en: { bold: "Bold", italic: "Italic", h2: "Heading", h3: "Subheading", ul: "List", ol: "Numbered list",
        quote: "Quote", link: "Link", unlink: "Remove link", image: "Insert image", undo: "Undo", redo: "Redo",
        linkPrompt: "Link address (https://… or /path):", imagePrompt: "Image address (/media/…):",
        altPrompt: "Describe the image for those who cannot see it (alt):", toolbar: "Formatting", html: "Edit HTML",
        ...pickerLabels.en },
};

function enhance(textarea) {
  const lang = document.documentElement.lang === "en" ? "en" : "vi";
  const t = labels[lang];
  const wrap = document.createElement("div");
  wrap.className = "rte";
  const bar = document.createElement("div");
  bar.className = "rte-bar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", t.toolbar);
  const area = document.createElement("div");
  area.className = "rte-area";
  textarea.parentNode.insertBefore(wrap, textarea);
  wrap.append(bar, area);

  const editor = new Editor({
    element: area,
    extensions: [
      StarterKit.configure({ heading: { levels: [2, 3, 4] }, link: false }),
      Link.configure({ openOnClick: false, autolink: true }),
      Image,
    ],
    content: textarea.value,
    injectCSS: false, // the CSP allows no inline style: site.css has the rules
    editorProps: {
      attributes: {
        "aria-labelledby": textarea.labels && textarea.labels[0] ? ensureId(textarea.labels[0]) : "",
        "aria-multiline": "true",
        role: "textbox",
        class: "article-body",
      },
    },
    onUpdate: ({ editor }) => { textarea.value = editor.getHTML(); },
  });

  const buttons = [
    [t.bold, "B", () => editor.chain().focus().toggleBold().run(), () => editor.isActive("bold")],
    [t.italic, "I", () => editor.chain().focus().toggleItalic().run(), () => editor.isActive("italic")],
    [t.h2, "H2", () => editor.chain().focus().toggleHeading({ level: 2 }).run(), () => editor.isActive("heading", { level: 2 })],
    [t.h3, "H3", () => editor.chain().focus().toggleHeading({ level: 3 }).run(), () => editor.isActive("heading", { level: 3 })],
    [t.ul, "•", () => editor.chain().focus().toggleBulletList().run(), () => editor.isActive("bulletList")],
    [t.ol, "1.", () => editor.chain().focus().toggleOrderedList().run(), () => editor.isActive("orderedList")],
    [t.quote, "❝", () => editor.chain().focus().toggleBlockquote().run(), () => editor.isActive("blockquote")],
    [t.link, t.link, () => {
      const href = window.prompt(t.linkPrompt, editor.getAttributes("link").href || "");
      if (href) editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
    }, () => editor.isActive("link")],
    [t.unlink, t.unlink, () => editor.chain().focus().unsetLink().run(), null],
    [t.image, t.image, (ev) => {
      // The site's media library in a dialog (picker.js); outside the
      // staff pages of a site, the address is asked for as before.
      const site = siteCode();
      if (site) {
        openPicker({ site, t, opener: ev.currentTarget,
          insert: (src, alt) => {
            // An image still selected (the one just inserted) is kept:
            // the new one goes after it instead of replacing it.
            const sel = editor.state.selection;
            if (sel.node) editor.chain().focus().insertContentAt(sel.to, { type: "image", attrs: { src, alt } }).run();
            else editor.chain().focus().setImage({ src, alt }).run();
          } });
        return;
      }
      const src = window.prompt(t.imagePrompt, "/media/");
      if (!src) return;
      const alt = window.prompt(t.altPrompt, "") || "";
      editor.chain().focus().setImage({ src, alt }).run();
    }, null],
    [t.undo, "↶", () => editor.chain().focus().undo().run(), null],
    [t.redo, "↷", () => editor.chain().focus().redo().run(), null],
  ];
  const refresh = [];
  for (const [label, text, run, active] of buttons) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (text !== label) b.setAttribute("aria-label", text + " " + label);
    b.title = label;
    b.addEventListener("click", run);
    if (active) {
      refresh.push(() => b.setAttribute("aria-pressed", active() ? "true" : "false"));
    }
    bar.append(b);
  }
  editor.on("transaction", () => refresh.forEach((f) => f()));
  refresh.forEach((f) => f());

  // The HTML stays reachable for those who need it: a toggle shows the
  // textarea again (the editor reloads from it when hidden).
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.textContent = t.html;
  toggle.setAttribute("aria-pressed", "false");
  toggle.addEventListener("click", () => {
    const showing = textarea.hidden;
    textarea.hidden = !showing;
    area.hidden = showing;
    toggle.setAttribute("aria-pressed", showing ? "true" : "false");
    if (!showing) editor.commands.setContent(textarea.value, { emitUpdate: false });
  });
  bar.append(toggle);
  textarea.hidden = true;
}

// siteCode is the site whose item is edited: /quan-tri/s/{site}/….
function siteCode() {
  const m = /^\/quan-tri\/s\/([^/]+)\//.exec(location.pathname);
  return m ? decodeURIComponent(m[1]) : "";
}

let ids = 0;
function ensureId(el) {
  if (!el.id) el.id = "rte-label-" + ++ids;
  return el.id;
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("textarea.body-editor").forEach(enhance);
});
