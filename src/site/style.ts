// The pages' one stylesheet, inlined (no extra request on first load). Colours pass WCAG AA:
// text #1b1b1b and links #0b4f9c on white, muted #4a4a4a; focus is always visible.
export const STYLE = `
*{box-sizing:border-box}[hidden]{display:none!important}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1b1b;background:#fff}
a{color:#0b4f9c}a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
.wrap{max-width:52rem;margin:0 auto;padding:0 1rem}
header.site{background:var(--accent,#1f4e79);color:#fff;padding:1rem 0}
header.site a{color:#fff}header.site h1{margin:.25rem 0;font-size:1.6rem}header.site p{margin:.25rem 0}
main{padding:1rem 0 2rem}main:focus{outline:none}
form.find{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:1rem 0}
form.find label{display:block;font-weight:600;width:100%}
form.find input{font:inherit;padding:.5rem .6rem;border:2px solid #555;border-radius:4px;flex:1 1 16rem;min-width:0}
button{font:inherit;padding:.5rem .9rem;border:2px solid #0b4f9c;background:#0b4f9c;color:#fff;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:#0b4f9c}
#status{min-height:1.5em;font-weight:600}
ol.results,ul.libraries{list-style:none;padding:0;margin:0}
ol.results li,ul.libraries li{padding:.6rem 0;border-top:1px solid #d0d0d0}
ul.libraries li{display:flex;gap:.75rem;align-items:flex-start}
ul.libraries img{width:48px;height:48px;object-fit:contain;flex:none}
ul.libraries h3{font-size:1.05rem;margin:0}ul.libraries p{margin:.15rem 0}
.area{color:#4a4a4a}.testing{display:inline-block;font-size:.8rem;font-weight:700;padding:0 .4rem;border:1px solid #8a4b00;color:#8a4b00;border-radius:3px}
h3.letter{font-size:1.3rem;margin:1.25rem 0 .25rem;scroll-margin-top:1rem}
nav.letters ul,nav.pages ul{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem}
nav.letters a,nav.pages a{display:inline-block;min-width:2.2rem;padding:.25rem .4rem;text-align:center;border:1px solid #b0b0b0;border-radius:3px}
nav.pages a[aria-current]{background:#0b4f9c;color:#fff;border-color:#0b4f9c}
.library-head{display:flex;gap:1rem;align-items:center}
.library-head img{width:96px;height:96px;object-fit:contain;background:#fff;border-radius:6px;padding:4px}
.map svg{max-width:100%;height:auto;border:1px solid #d0d0d0;background:#f4f7fa}
dl.facts dt{font-weight:700;margin-top:.75rem}dl.facts dd{margin:0}
footer.site{border-top:1px solid #d0d0d0;color:#4a4a4a;font-size:.9rem;padding:1rem 0 2rem}
`;
