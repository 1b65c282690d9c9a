import FlowListPage from '../features/flows/FlowListPage';
import EditorPage from '../features/flows/EditorPage';
import { navigate, useRoute } from './router';
import ForgetTokenButton from './ForgetTokenButton';
import TokenDialog from './TokenDialog';

export default function App() {
  const route = useRoute();
  return (
    <div className="app">
      <header className="topbar">
        <a
          href="/"
          className="brand"
          onClick={(e) => {
            e.preventDefault();
            navigate('/');
          }}
        >
          Flows
        </a>
        <ForgetTokenButton />
      </header>
      <TokenDialog />
      {route.name === 'list' && <FlowListPage />}
      {route.name === 'flow' && <EditorPage key={route.id} flowId={route.id} execId={route.execId} />}
      {route.name === 'notFound' && (
        <main className="empty-state" role="alert">
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <a href="/">Back to the flows</a>
          </p>
        </main>
      )}
    </div>
  );
}
