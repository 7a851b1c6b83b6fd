// GraphiQL on the hub's own page: React, ReactDOM and GraphiQL are globals from the UMD
// builds served next to this file. Kept out of the HTML so the page's CSP needs no inline script.
(function start() {
  const root = document.getElementById('graphiql');
  const tokenField = document.getElementById('token');
  const endpoint = root.dataset.endpoint;

  // The field's token goes out as Authorization on every request, including the schema's
  // introspection; headers typed in GraphiQL's own editor are sent too and win.
  async function fetcher(params, options) {
    const token = tokenField.value.trim().replace(/^Bearer\s+/i, '');
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    Object.assign(headers, (options && options.headers) || {});
    const response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(params), credentials: 'omit' });
    return response.json();
  }

  const graphiql = window.React.createElement(window.GraphiQL, { fetcher, defaultEditorToolsVisibility: true });
  window.ReactDOM.createRoot(root).render(graphiql);
})();
