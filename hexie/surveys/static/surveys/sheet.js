/* The token sheet's print button (no inline scripts under the CSP). */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
