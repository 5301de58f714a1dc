import { WarningPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import { Component, ReactNode } from 'react';

type Props = {
  /** The section's name, e.g. `Backups`. */
  title: string;
  children: ReactNode;
};

type State = { error?: Error; attempt: number };

/**
 * Renders one section of the Operations tab on its own: when the section
 * fails to render, it says so in its place and the other sections stay.
 *
 * @internal
 */
export class SectionBoundary extends Component<Props, State> {
  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  state: State = { attempt: 0 };

  render() {
    const { error, attempt } = this.state;
    if (error) {
      return (
        <div role="alert">
          <WarningPanel
            severity="error"
            defaultExpanded
            title={`The ${this.props.title} section could not be shown`}
            message={`${error.message}. The other sections are not affected; reload the section, and if it fails again, report this message to the Ops Health maintainers.`}
          />
          <Button
            size="small"
            variant="outlined"
            style={{ marginTop: 8 }}
            onClick={() =>
              this.setState({ error: undefined, attempt: attempt + 1 })
            }
          >
            Reload section
          </Button>
        </div>
      );
    }
    return <div key={attempt}>{this.props.children}</div>;
  }
}
