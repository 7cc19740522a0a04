namespace Starling.Browser.Tests.Infrastructure;

/// <summary>
/// The basic accessibility checks a page must pass: one h1, a label for every field, alt text on every image,
/// names on every button and link, the header/nav/main landmarks, and a visible focus indicator when tabbing.
/// </summary>
public static class AccessibilityChecks
{
    // Runs in the page; returns one readable line per problem.
    private const string StructureScript = """
        () => {
          const problems = [];
          const describe = el => el.outerHTML.slice(0, 160);
          const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
          const h1s = document.querySelectorAll('h1');
          if (h1s.length !== 1) problems.push(`expected exactly one h1, found ${h1s.length}`);
          if (!document.documentElement.lang) problems.push('the html element has no lang attribute');
          if (!document.title.trim()) problems.push('the page has no title');
          for (const landmark of ['header', 'nav', 'main']) {
            if (!document.querySelector(landmark)) problems.push(`no <${landmark}> landmark`);
          }
          if (document.querySelectorAll('main').length > 1) problems.push('more than one <main>');
          const named = el => {
            if ((el.getAttribute('aria-label') || '').trim()) return true;
            const by = el.getAttribute('aria-labelledby');
            if (by && by.split(/\s+/).some(id => (document.getElementById(id)?.textContent || '').trim())) return true;
            return false;
          };
          for (const field of document.querySelectorAll('input, select, textarea')) {
            const type = (field.getAttribute('type') || '').toLowerCase();
            if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
            const labelled = named(field) || [...(field.labels || [])].some(l => l.textContent.trim()) || (field.getAttribute('title') || '').trim();
            if (!labelled) problems.push(`field without a label: ${describe(field)}`);
          }
          for (const img of document.querySelectorAll('img')) {
            if (!img.hasAttribute('alt')) problems.push(`image without alt: ${describe(img)}`);
          }
          for (const button of document.querySelectorAll('button, input[type=submit], input[type=button]')) {
            const text = (button.tagName === 'INPUT' ? button.value : button.textContent).trim();
            if (!text && !named(button) && !(button.getAttribute('title') || '').trim()) problems.push(`button without a name: ${describe(button)}`);
          }
          for (const link of document.querySelectorAll('a[href]')) {
            const text = link.textContent.trim() || [...link.querySelectorAll('img[alt]')].map(i => i.alt).join('').trim();
            if (!text && !named(link) && !(link.getAttribute('title') || '').trim()) problems.push(`link without a name: ${describe(link)}`);
          }
          const ids = new Map();
          for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
          for (const [id, n] of ids) if (n > 1) problems.push(`id "${id}" is used ${n} times`);
          return problems;
        }
        """;

    // Runs in the page after a Tab press: is the focused element visibly marked?
    private const string FocusScript = """
        () => {
          const el = document.activeElement;
          if (!el || el === document.body) return 'Tab did not move the focus to anything';
          const style = getComputedStyle(el);
          const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
          const shadow = style.boxShadow && style.boxShadow !== 'none';
          if (!outline && !shadow) return `focused element has no visible focus indicator: ${el.outerHTML.slice(0, 160)}`;
          return '';
        }
        """;

    public static async Task<IReadOnlyList<string>> ProblemsAsync(IPage page)
    {
        var problems = new List<string>(await page.EvaluateAsync<string[]>(StructureScript));
        // A focus ring only appears for keyboard focus, so press Tab as a keyboard user would.
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await page.Keyboard.PressAsync("Tab");
        var focus = await page.EvaluateAsync<string>(FocusScript);
        if (focus.Length > 0)
        {
            problems.Add(focus);
        }
        return problems;
    }
}
