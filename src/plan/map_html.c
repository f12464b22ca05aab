// SPDX-License-Identifier: MIT
/*
 * map_html.c - the memory map as one self-contained HTML page (nothing
 * is fetched): the SVG inline below a fixed 48-pixel tool bar, zoom with
 * buttons or Ctrl+wheel (around the pointer), and the details of the
 * region under the pointer in a floating box. At zoom 1 the picture's
 * origin is the page's (SM_MAP_HTML_LEFT, SM_MAP_HTML_TOP); a page
 * opened as map.html#zoom=2 starts zoomed (around the top left corner).
 */
#include <errno.h>
#include <stdio.h>

#include "internal.h"
#include "map.h"

static const char css[] =
	"html,body{margin:0;padding:0;background:#fff;"
	"font-family:'DejaVu Sans',Arial,sans-serif;font-size:13px}\n"
	"#bar{position:fixed;top:0;left:0;right:0;height:48px;"
	"box-sizing:border-box;padding:11px 12px;background:#f4f4f4;"
	"border-bottom:1px solid #d0d0d0;z-index:2;white-space:nowrap}\n"
	"#bar button{min-width:32px;margin-right:4px}\n"
	"#bar span{margin:0 12px 0 4px;color:#333}\n"
	"#view{position:absolute;top:48px;left:0;right:0;bottom:0;"
	"overflow:auto}\n"
	"#view svg{display:block}\n"
	"#view rect.region:hover{opacity:.85}\n"
	"#tip{position:fixed;display:none;z-index:3;pointer-events:none;"
	"background:#fffff0;border:1px solid #999;padding:6px 8px;"
	"box-shadow:2px 2px 6px rgba(0,0,0,.2);white-space:pre}\n";

static const char script[] =
	"(function(){\n"
	"var svg=document.getElementById('socmem-map');\n"
	"var view=document.getElementById('view');\n"
	"var tip=document.getElementById('tip');\n"
	"var w0=+svg.getAttribute('width'),h0=+svg.getAttribute('height');\n"
	"var zoom=1;\n"
	"function setZoom(z,cx,cy){\n"
	" z=Math.max(0.5,Math.min(64,z));\n"
	" var r=view.getBoundingClientRect();\n"
	" var px=(cx===undefined?r.width/2:cx-r.left)+view.scrollLeft;\n"
	" var py=(cy===undefined?r.height/2:cy-r.top)+view.scrollTop;\n"
	" var k=z/zoom;zoom=z;\n"
	" svg.setAttribute('width',w0*z);svg.setAttribute('height',h0*z);\n"
	" view.scrollLeft=px*k-(px-view.scrollLeft);\n"
	" view.scrollTop=py*k-(py-view.scrollTop);\n"
	" document.getElementById('zl').textContent=Math.round(z*100)+'%';\n"
	"}\n"
	"document.getElementById('zin').onclick=function(){setZoom(zoom*1.5);};\n"
	"document.getElementById('zout').onclick=function(){setZoom(zoom/1.5);};\n"
	"document.getElementById('z1').onclick=function(){setZoom(1);};\n"
	"view.addEventListener('wheel',function(e){\n"
	" if(!e.ctrlKey)return;e.preventDefault();\n"
	" setZoom(zoom*(e.deltaY<0?1.25:0.8),e.clientX,e.clientY);\n"
	"},{passive:false});\n"
	"function human(n){var u=['bytes','KiB','MiB','GiB','TiB'],i=0;\n"
	" while(n>=1024&&n%1024===0&&i<4){n/=1024;i++;}return n+' '+u[i];}\n"
	"view.addEventListener('mousemove',function(e){\n"
	" var t=e.target;\n"
	" if(!t.getAttribute||!t.getAttribute('data-base')){tip.style.display='none';return;}\n"
	" var n=t.getAttribute('data-name'),b=t.getAttribute('data-base'),s=+t.getAttribute('data-size');\n"
	" var end='0x'+(BigInt(b)+BigInt(s)-1n).toString(16);\n"
	" tip.textContent=(n?n+'\\n'+t.getAttribute('data-kind')+', '+t.getAttribute('data-status'):'free')+\n"
	"  '\\n'+b+' - '+end+'\\n'+human(s);\n"
	" tip.style.left=(e.clientX+14)+'px';tip.style.top=(e.clientY+14)+'px';\n"
	" tip.style.display='block';\n"
	"});\n"
	"view.addEventListener('mouseleave',function(){tip.style.display='none';});\n"
	"var m=/zoom=([0-9.]+)/.exec(location.hash);\n"
	"if(m)setZoom(+m[1],view.getBoundingClientRect().left,\n"
	" view.getBoundingClientRect().top);\n"
	"})();\n";

int sm_plan_map_html(const struct sm_map_layout *l, FILE *out)
{
	const struct sm_board *b = l->board;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>socmem map: ",
	      out);
	sm_plan_map_xml_escape(out, b->dt->path);
	fprintf(out, " (Linux %s)</title>\n<style>\n%s</style>\n</head>\n<body>\n",
		sm_boot_profile_name(b->profile), css);
	fputs("<div id=\"bar\"><button id=\"zin\" title=\"zoom in\">+</button>"
	      "<button id=\"zout\" title=\"zoom out\">&#8722;</button>"
	      "<button id=\"z1\" title=\"actual size\">1:1</button>"
	      "<span id=\"zl\">100%</span>Hover a region for its details; "
	      "Ctrl+wheel zooms.</div>\n<div id=\"view\">\n", out);
	sm_plan_map_write_svg(l, out, false);
	fprintf(out, "</div>\n<div id=\"tip\"></div>\n<script>\n%s</script>\n</body>\n</html>\n",
		script);
	return ferror(out) ? -EIO : 0;
}
