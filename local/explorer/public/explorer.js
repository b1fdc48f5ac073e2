// Boots GraphiQL for the Orders API. A file, not an inline script, so the page's CSP can forbid
// inline code. Settings come from the page's JSON data block (#explorer-config).
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('explorer-config').textContent);
  var keyHeader = config.apiKey ? { 'x-api-key': config.apiKey } : {};
  /** The signed-in user's Cognito ID token, or null (then requests use the API key). */
  var idToken = null;

  // Headers are chosen per request (requestHeaders), so signing in or out applies at once.
  var httpFetcher = GraphiQL.createFetcher({ url: new URL(config.endpoint, location.href).href });

  function isAuthHeader(name) {
    var lower = name.toLowerCase();
    return lower === 'x-api-key' || lower === 'authorization';
  }

  /**
   * Signed out: the key rides on every request, including the schema introspection, even when
   * GraphiQL restores tabs from an earlier visit (it never stores headers); the Headers editor
   * overrides it. Signed in: `Authorization: <ID token>` replaces any key or Authorization there,
   * so AppSync's user-pool mode decides, as for an Amplify client.
   */
  function requestHeaders(editorHeaders) {
    if (!idToken) return Object.assign({}, keyHeader, editorHeaders);
    var out = {};
    for (var name in editorHeaders) {
      if (Object.prototype.hasOwnProperty.call(editorHeaders, name) && !isAuthHeader(name)) out[name] = editorHeaders[name];
    }
    out.Authorization = idToken;
    return out;
  }

  // Subscriptions go over AppSync's real-time protocol at <endpoint>/realtime on this origin;
  // queries and mutations (and anything this cannot tell apart) go over HTTP as before.
  var realtimeUrl = new URL(config.endpoint + '/realtime', location.href);
  realtimeUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';

  function fetcher(params, opts) {
    var headers = (opts && opts.headers) || {};
    if (operationType(params.query, params.operationName) !== 'subscription') {
      return httpFetcher(params, Object.assign({}, opts, { headers: requestHeaders(headers) }));
    }
    return subscribe(params, authorization(headers));
  }

  /**
   * The type ('query', 'mutation', 'subscription') of the operation a request runs, by GraphQL's
   * rule: the one called `operationName`, else the document's only operation; null when there is
   * none such. A lexical scan, not a parse: strings, block strings and comments are skipped and
   * brackets counted, so only top-level definitions are seen (`query Name(…) @dir { … }`, an
   * anonymous `{ … }`, fragments). A document it misreads is invalid anyway, and goes to HTTP.
   */
  function operationType(query, operationName) {
    var token = /"""(?:\\"""|[^])*?"""|"(?:\\.|[^"\\\n\r])*"|#[^\n\r]*|[\s,\uFEFF]+|[_A-Za-z][_0-9A-Za-z]*|[^]/g;
    var operations = [];
    var depth = 0;
    var state = 'between'; // between definitions, in a definition's 'header', or in its 'body'
    var naming = null; // the operation whose name may come next
    var match;
    while ((match = token.exec(String(query || ''))) !== null) {
      var t = match[0];
      var c = t.charAt(0);
      if (c === '"' || c === '#' || /^[\s,\uFEFF]/.test(t)) continue;
      if (/^[_A-Za-z]/.test(t)) {
        if (depth !== 0) continue;
        if (state === 'between') {
          state = 'header';
          if (t === 'query' || t === 'mutation' || t === 'subscription') {
            naming = { type: t, name: null };
            operations.push(naming);
          }
        } else if (naming) {
          naming.name = t;
          naming = null;
        }
        continue;
      }
      naming = null;
      if (c === '{' || c === '(' || c === '[') {
        if (depth === 0 && c === '{') {
          if (state === 'between') operations.push({ type: 'query', name: null });
          state = 'body';
        }
        depth += 1;
      } else if (c === '}' || c === ')' || c === ']') {
        depth = Math.max(0, depth - 1);
        if (depth === 0 && c === '}' && state === 'body') state = 'between';
      }
    }
    var chosen = operationName
      ? operations.filter(function (op) {
          return op.name === operationName;
        })[0]
      : operations.length === 1
        ? operations[0]
        : undefined;
    return chosen ? chosen.type : null;
  }

  /** The key HTTP requests carry: the Headers editor's x-api-key (any case), else the page's. */
  function apiKeyOf(headers) {
    for (var name in headers) {
      if (Object.prototype.hasOwnProperty.call(headers, name) && name.toLowerCase() === 'x-api-key') return String(headers[name]);
    }
    return config.apiKey;
  }

  /**
   * AppSync's real-time auth header: {host, Authorization} when signed in, else
   * {host, x-amz-date, x-api-key} with the Headers editor's key.
   */
  function authorization(editorHeaders) {
    if (idToken) return { host: location.host, Authorization: idToken };
    var date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    return { host: location.host, 'x-amz-date': date, 'x-api-key': apiKeyOf(editorHeaders) };
  }

  function base64url(text) {
    var bytes = new TextEncoder().encode(text);
    var binary = '';
    for (var i = 0; i < bytes.length; i += 1) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  var subscriptionCount = 0;

  /**
   * One subscription on its own connection, as GraphiQL wants it: an AsyncIterable of results,
   * `{data}` per event and `{errors}` when the server refuses or ends it. GraphiQL calls
   * `[Symbol.asyncIterator]().return()` when the user stops, so the iterable is its own iterator.
   */
  function subscribe(params, auth) {
    var id = 'explorer-' + (subscriptionCount += 1);
    var results = [];
    var waiting = null;
    var finished = false;
    var started = false;
    var ws = new WebSocket(realtimeUrl.href, ['graphql-ws', 'header-' + base64url(JSON.stringify(auth))]);

    function settle() {
      if (!waiting) return;
      if (results.length > 0) {
        var resolve = waiting;
        waiting = null;
        resolve({ value: results.shift(), done: false });
      } else if (finished) {
        var end = waiting;
        waiting = null;
        end({ value: undefined, done: true });
      }
    }

    function finish(result) {
      if (finished) return;
      if (result) results.push(result);
      finished = true;
      close();
      settle();
    }

    function close() {
      if (ws.readyState === WebSocket.OPEN) {
        if (started) ws.send(JSON.stringify({ type: 'stop', id: id }));
        ws.close(1000);
      }
      // Still connecting: closing now would log an error; the open handler closes it instead.
    }

    function send(message) {
      ws.send(JSON.stringify(message));
    }

    ws.onopen = function () {
      if (finished) return close();
      send({ type: 'connection_init' });
    };
    ws.onmessage = function (event) {
      var message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return finish({ errors: [{ message: 'The real-time endpoint sent a message that is not JSON' }] });
      }
      var payload = message.payload || {};
      if (message.type === 'connection_ack') {
        var data = { query: params.query, variables: params.variables || {} };
        if (params.operationName) data.operationName = params.operationName;
        started = true;
        send({ type: 'start', id: id, payload: { data: JSON.stringify(data), extensions: { authorization: auth } } });
      } else if (message.type === 'data' && message.id === id) {
        results.push(payload.errors ? { data: payload.data, errors: payload.errors } : { data: payload.data });
        settle();
      } else if (message.type === 'connection_error' || (message.type === 'error' && (message.id === id || message.id === undefined))) {
        started = false; // nothing to stop
        finish({ errors: payload.errors || [{ message: message.type }] });
      } else if (message.type === 'complete' && message.id === id) {
        started = false;
        finish();
      }
      // start_ack and ka need no answer.
    };
    ws.onclose = function (event) {
      started = false;
      finish({
        errors: [{ message: 'The real-time connection closed (code ' + event.code + (event.reason ? ': ' + event.reason : '') + ')' }],
      });
    };

    var iterator = {
      next: function () {
        return new Promise(function (resolve) {
          waiting = resolve;
          settle();
        });
      },
      return: function () {
        finish();
        results.length = 0;
        settle();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
    iterator[Symbol.asyncIterator] = function () {
      return iterator;
    };
    return iterator;
  }

  var headers = JSON.stringify({ 'x-api-key': config.apiKey }, null, 2);
  // GraphiQL 3 fills the variables editor from its `variables` prop, else from what it stored
  // under `graphiql:variables` — which it writes only once the user edits them. So until then the
  // example variables are given on every visit (a reload, a second tab): without them the editor
  // came back empty and CreateOrder failed for want of $input. Given with the stored query, they
  // match the stored tab, so GraphiQL reopens that tab instead of adding one.
  var variablesEdited = localStorage.getItem('graphiql:variables') !== null;
  // The Explorer pane, as in the AppSync console: open beside the editor, click fields to build
  // the operation (GraphiQL's maintained plugin, @graphiql/plugin-explorer).
  var explorerPlugin = GraphiQLPluginExplorer.explorerPlugin();
  var props = {
    fetcher: fetcher,
    // The example operations; a new tab (+) starts from them too.
    defaultQuery: config.defaultQuery,
    variables: variablesEdited ? undefined : config.defaultVariables,
    defaultHeaders: headers,
    defaultEditorToolsVisibility: config.apiKey ? 'variables' : 'headers',
    shouldPersistHeaders: false,
    isHeadersEditorEnabled: true,
    plugins: [explorerPlugin],
  };
  function Explorer() {
    var visible = React.useState(explorerPlugin);
    return React.createElement(GraphiQL, Object.assign({ visiblePlugin: visible[0], onTogglePluginVisibility: visible[1] }, props));
  }
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(Explorer));

  /** A JWT's payload (the page only reads the name to show; the server verifies the token). */
  function jwtPayload(token) {
    var part = String(token).split('.')[1] || '';
    var binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  /**
   * The sign-in box (page.ts renders it when this server serves the pool on this origin):
   * USER_PASSWORD_AUTH over Cognito's JSON protocol, as the SDK's InitiateAuth sends it.
   */
  function wireSignIn(form) {
    var fields = form.querySelector('.explorer-signin-fields');
    var signOut = document.getElementById('explorer-signout');
    var status = document.getElementById('explorer-signin-status');
    function show(text, isError) {
      status.textContent = text;
      status.classList.toggle('explorer-signin-error', Boolean(isError));
    }
    function setToken(token) {
      idToken = token;
      fields.hidden = Boolean(token);
      signOut.hidden = !token;
      if (token) show('Signed in as ' + jwtPayload(token)['cognito:username'] + ': requests carry the ID token.');
      else show('Signed out: requests use the API key.');
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      show('Signing in…');
      fetch('/', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
        },
        body: JSON.stringify({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: config.clientId,
          AuthParameters: { USERNAME: form.elements.username.value, PASSWORD: form.elements.password.value },
        }),
      })
        .then(function (res) {
          return res.json().then(function (body) {
            var result = body.AuthenticationResult;
            if (res.ok && result && result.IdToken) {
              form.elements.password.value = '';
              return setToken(result.IdToken);
            }
            // A challenge (NEW_PASSWORD_REQUIRED…) is not handled here: `npm run user` sets permanent passwords.
            var reason =
              body.message ||
              body.__type ||
              (body.ChallengeName ? 'challenge ' + body.ChallengeName + ' is not supported here' : 'HTTP ' + res.status);
            show('Sign-in failed: ' + reason, true);
          });
        })
        .catch(function (error) {
          show('Sign-in failed: ' + error.message, true);
        })
        .then(function () {
          button.disabled = false;
        });
    });
    signOut.addEventListener('click', function () {
      setToken(null);
    });
  }
  var signInForm = document.getElementById('explorer-signin');
  if (signInForm) wireSignIn(signInForm);
})();
