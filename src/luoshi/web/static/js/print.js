// The print view's 打印 button (no inline script: the page's policy allows only our own files).
document.addEventListener("DOMContentLoaded", () => {
  for (const b of document.querySelectorAll("[data-print]")) b.addEventListener("click", () => window.print());
});
