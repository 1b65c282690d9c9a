export default function StatusBadge({ status }: { status: string | null | undefined }) {
  if (!status) return <span className="badge badge-none">never run</span>;
  return <span className={`badge badge-${status.toLowerCase()}`}>{status}</span>;
}
