import { Alert, Button } from 'antd';

/**
 * What a page shows when its data did not arrive: what failed, the server's words, and a way to
 * try again without reloading the whole page (and losing the filters in it).
 */
export function LoadError({ title, error, onRetry }: { title: string; error: Error; onRetry?: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      title={title}
      description={error.message}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        )
      }
    />
  );
}
